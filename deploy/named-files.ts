import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import type { ManagedType } from './desired-state.ts';
import { DeployError } from './errors.ts';
import { findPlaceholders, type KeywordMappings, replaceKeywords } from './placeholders.ts';

const show = (file: string): string => path.relative(REPO_ROOT, file) || file;

/** The text of a file the YAML names (a Rule's script, an email template's body), as deploy-cli loads it. */
export const loadNamedFile = async (
  tenantDir: string,
  type: ManagedType,
  name: string,
  relative: unknown,
  keywords: KeywordMappings,
): Promise<string> => {
  const file = path.resolve(tenantDir, String(relative ?? ''));
  const text = file.startsWith(tenantDir + path.sep)
    ? await readFile(file, 'utf8').catch(() => undefined)
    : undefined;
  if (text === undefined) {
    throw new DeployError(
      'E_FILE_MISSING',
      `${type} ${name}: ${String(relative)} is not a file inside ${show(tenantDir)}; keep it next to tenant.yaml`,
    );
  }
  const unresolved = findPlaceholders(text).find((use) => !(use.key in keywords));
  if (unresolved) {
    throw new DeployError(
      'E_UNRESOLVED_PLACEHOLDER',
      `${show(file)}:${unresolved.line} uses ${unresolved.marker}${unresolved.key}${unresolved.marker}, which no environment mapping value defines`,
    );
  }
  return replaceKeywords(text, keywords);
};
