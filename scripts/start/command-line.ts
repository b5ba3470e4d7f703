import { parseArgs } from 'node:util';
import { ToolError } from '../lib/errors.ts';

export const DEFAULT_PORT = 4000;
const USAGE = 'npm start [-- --once] [-- --port N]';

export interface StartCommandLine {
  /** Exit 0 after the demo login instead of serving until Ctrl-C. */
  readonly once: boolean;
  readonly port: number;
}

/** `--once`, `--port N` (0 picks a free port); anything else is a usage error. */
export const parseStartCommandLine = (argv: readonly string[]): StartCommandLine => {
  let values: { once?: boolean; port?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { once: { type: 'boolean', default: false }, port: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new ToolError('E_USAGE', `${(error as Error).message}; usage: ${USAGE}`);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ToolError('E_USAGE', `--port ${values.port} is not a port number (0-65535); usage: ${USAGE}`);
  }
  return { once: values.once === true, port };
};
