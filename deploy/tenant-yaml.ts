import path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { REPO_ROOT } from '../core/paths.ts';
import { DeployError } from './errors.ts';

/** tenant.yaml as written (placeholders still in), kept so a later check can say where a key is. */
export interface TenantYaml {
  readonly file: string;
  readonly text: string;
  /** `file:line:col` of the value at `keys` (e.g. `['triggers', 'post-login', 0, 'action_name']`). */
  locate(keys: readonly (string | number)[]): string;
}

const show = (file: string): string => path.relative(REPO_ROOT, file) || file;

/**
 * Parses tenant.yaml before any placeholder is replaced, so a syntax error comes back as one line
 * that points at the file as the user wrote it: `E_YAML tenant/tenant.yaml:LINE:COL <reason>`.
 * (yaml's own message repeats the position and quotes the source over several lines; the first
 * line is the reason.)
 */
export const readTenantYaml = (file: string, text: string): TenantYaml => {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const [error] = document.errors;
  if (error) {
    const at = lineCounter.linePos(error.pos[0]);
    const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new DeployError('E_YAML', `${show(file)}:${at.line}:${at.col} ${reason}; fix the YAML there`);
  }
  return {
    file,
    text,
    locate: (keys) => {
      const node = document.getIn(keys, true) as { range?: [number, number, number] } | undefined;
      const parent = keys.length ? document.getIn(keys.slice(0, -1), true) : undefined;
      const offset =
        node?.range?.[0] ?? ((isMap(parent) || isSeq(parent)) && parent.range ? parent.range[0] : 0);
      const { line, col } = lineCounter.linePos(offset);
      return `${show(file)}:${line}:${col}`;
    },
  };
};
