import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.ts';

export const AUDIT_USAGE =
  'npm run audit -- --users <export.json[.gz]> | --env <local|dev|staging|prod> [--json] [--against <git ref | bundle.js>] [--show-values] [--workers N]';

export interface AuditCommandLine {
  readonly users?: string;
  readonly env?: string;
  readonly json: boolean;
  readonly against?: string;
  readonly showValues: boolean;
  readonly workers?: number;
}

/** Exactly one of --users and --env; anything unknown is a usage error. */
export const parseAuditCommandLine = (argv: readonly string[]): AuditCommandLine => {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        users: { type: 'string' },
        env: { type: 'string' },
        json: { type: 'boolean', default: false },
        against: { type: 'string' },
        'show-values': { type: 'boolean', default: false },
        workers: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; usage: ${AUDIT_USAGE}`);
  }
  const users = typeof values.users === 'string' && values.users !== '' ? values.users : undefined;
  const env = typeof values.env === 'string' && values.env !== '' ? values.env : undefined;
  if ((users === undefined) === (env === undefined))
    throw new UsageError(`give either --users or --env; usage: ${AUDIT_USAGE}`);
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1 || workers > 64))
    throw new UsageError(`--workers takes a whole number from 1 to 64; usage: ${AUDIT_USAGE}`);
  return {
    ...(users ? { users } : {}),
    ...(env ? { env } : {}),
    json: values.json === true,
    ...(typeof values.against === 'string' ? { against: values.against } : {}),
    showValues: values['show-values'] === true,
    ...(workers ? { workers } : {}),
  };
};
