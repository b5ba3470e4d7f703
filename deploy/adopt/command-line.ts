import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../../core/errors.ts';

export const ADOPT_USAGE =
  'npm run import -- --env <local|dev|staging|prod> [--only TYPE[:NAME],...] [--replace] [--tenant-dir T]';

export interface AdoptCommandLine {
  readonly env: string;
  readonly only?: readonly string[];
  readonly replace: boolean;
  readonly tenantDir?: string;
}

/** `--env E [--only TYPE[:NAME],...]... [--replace] [--tenant-dir T]`; anything else is a usage error. */
export const parseAdoptCommandLine = (argv: readonly string[]): AdoptCommandLine => {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        only: { type: 'string', multiple: true },
        replace: { type: 'boolean', default: false },
        'tenant-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; usage: ${ADOPT_USAGE}`);
  }
  if (typeof values.env !== 'string' || values.env === '') {
    throw new UsageError(`--env is required; usage: ${ADOPT_USAGE}`);
  }
  return {
    env: values.env,
    replace: values.replace === true,
    ...(Array.isArray(values.only) ? { only: values.only } : {}),
    ...(typeof values['tenant-dir'] === 'string' ? { tenantDir: path.resolve(values['tenant-dir']) } : {}),
  };
};
