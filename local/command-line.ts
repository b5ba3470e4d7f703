import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.ts';

export const DEFAULT_PORT = 4000;
const USAGE =
  'npm start [-- --once] [-- --fresh] [-- --https] [-- --port N] [-- --api-port N] [-- --spa-port N] [-- --stubs FILE]';

export interface StartCommandLine {
  /** Exit 0 after the demo instead of serving until Ctrl-C. */
  readonly once: boolean;
  /** Start from an empty tenant instead of the saved `--env local` state. */
  readonly fresh: boolean;
  /** Serve the tenant over TLS at https://127.0.0.1:<port>, with a local certificate authority. */
  readonly https: boolean;
  /** The local tenant's port. */
  readonly port: number;
  /** Our preferences API's port: the tenant's next one unless given. */
  readonly apiPort: number;
  /** The sample app's port, one tenant/environments/local.json lists; undefined: its first. */
  readonly spaPort: number | undefined;
  /** A module whose default export is an array of msw handlers for the Actions' outbound calls. */
  readonly stubs: string | undefined;
}

const parsePort = (flag: string, text: string): number => {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) {
    throw new UsageError(`${flag} ${text} is not a port number (0-65535); usage: ${USAGE}`);
  }
  return port;
};

/**
 * `--once`, `--fresh`, `--https`, `--port N`, `--api-port N` (0 picks a free port), `--spa-port N` (the sample
 * app's, one the local mapping lists), `--stubs FILE` (msw handlers for the Actions' outbound calls);
 * anything else is a usage error. The
 * API's port defaults to the tenant's next one, or a free one when the tenant's is 0 or the last.
 */
export const parseStartCommandLine = (argv: readonly string[]): StartCommandLine => {
  let values: {
    once?: boolean;
    fresh?: boolean;
    https?: boolean;
    port?: string;
    'api-port'?: string;
    'spa-port'?: string;
    stubs?: string;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        once: { type: 'boolean', default: false },
        fresh: { type: 'boolean', default: false },
        https: { type: 'boolean', default: false },
        port: { type: 'string' },
        'api-port': { type: 'string' },
        'spa-port': { type: 'string' },
        stubs: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; usage: ${USAGE}`);
  }
  const port = values.port === undefined ? DEFAULT_PORT : parsePort('--port', values.port);
  const nextPort = port === 0 || port === 65_535 ? 0 : port + 1;
  const apiPort = values['api-port'] === undefined ? nextPort : parsePort('--api-port', values['api-port']);
  if (apiPort !== 0 && apiPort === port) {
    throw new UsageError(
      `--api-port ${apiPort} is the tenant's port too; give the API another one; usage: ${USAGE}`,
    );
  }
  const spaPort = values['spa-port'] === undefined ? undefined : parsePort('--spa-port', values['spa-port']);
  if (spaPort !== undefined && (spaPort === port || spaPort === apiPort)) {
    throw new UsageError(`--spa-port ${spaPort} is taken by the tenant or the API; usage: ${USAGE}`);
  }
  return {
    once: values.once === true,
    fresh: values.fresh === true,
    https: values.https === true,
    port,
    apiPort,
    spaPort,
    stubs: values.stubs,
  };
};
