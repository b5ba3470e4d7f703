import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.ts';
import type { TokenRequest } from './local-tokens.ts';

const USAGE = 'npm run token -- --user <email> [--audience A] [--scope S] [--json]';

/** `--user` (required), `--audience`, `--scope`, `--json`; anything else is a usage error. */
export const parseTokenCommandLine = (argv: readonly string[]): TokenRequest & { readonly json: boolean } => {
  let values: { user?: string; audience?: string; scope?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        user: { type: 'string' },
        audience: { type: 'string' },
        scope: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; usage: ${USAGE}`);
  }
  if (!values.user) throw new UsageError(`--user is required (a seeded user's email); usage: ${USAGE}`);
  return {
    user: values.user,
    ...(values.audience ? { audience: values.audience } : {}),
    ...(values.scope ? { scope: values.scope } : {}),
    json: values.json === true,
  };
};
