import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.ts';
import { DeployError } from './errors.ts';
import type { ManagementConnection } from './management-api.ts';

export interface CommandLine {
  readonly env: string;
  readonly json: boolean;
  readonly yes: boolean;
  readonly allowDelete: boolean;
  readonly skipBuild: boolean;
  /** `--expect-plan <digest>`: deploy only if the plan's digest is this one. */
  readonly expectPlan?: string;
  /** `--tenant-dir <dir>` / `--actions-dir <dir>`: another tenant.yaml's folder and its Actions. */
  readonly tenantDir?: string;
  readonly actionsDir?: string;
}

/** `--env E [--json] [--yes] [--allow-delete] [--skip-build] [--expect-plan D] [--tenant-dir T] [--actions-dir A]`; anything else is a usage error. */
export const parseCommandLine = (argv: readonly string[], usage: string): CommandLine => {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' },
        json: { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
        'allow-delete': { type: 'boolean', default: false },
        'skip-build': { type: 'boolean', default: false },
        'expect-plan': { type: 'string' },
        'tenant-dir': { type: 'string' },
        'actions-dir': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; usage: ${usage}`);
  }
  if (typeof values.env !== 'string' || values.env === '') {
    throw new UsageError(`--env is required; usage: ${usage}`);
  }
  return {
    env: values.env,
    json: values.json === true,
    yes: values.yes === true,
    allowDelete: values['allow-delete'] === true,
    skipBuild: values['skip-build'] === true,
    ...(typeof values['expect-plan'] === 'string' ? { expectPlan: values['expect-plan'] } : {}),
    ...(typeof values['tenant-dir'] === 'string' ? { tenantDir: path.resolve(values['tenant-dir']) } : {}),
    ...(typeof values['actions-dir'] === 'string' ? { actionsDir: path.resolve(values['actions-dir']) } : {}),
  };
};

/** A real tenant's credentials, from the environment variables CI sets per environment. */
export const connectionFromEnvironment = (
  environment: Readonly<Record<string, string | undefined>>,
): ManagementConnection => {
  const { AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_ACCESS_TOKEN } = environment;
  if (!AUTH0_DOMAIN) {
    throw new DeployError(
      'E_MISSING_CREDENTIALS',
      'AUTH0_DOMAIN is not set; export the tenant domain (or use --env local)',
    );
  }
  if (AUTH0_ACCESS_TOKEN) {
    return {
      domain: AUTH0_DOMAIN,
      accessToken: AUTH0_ACCESS_TOKEN,
      ...(AUTH0_CLIENT_ID ? { clientId: AUTH0_CLIENT_ID } : {}),
    };
  }
  if (!AUTH0_CLIENT_ID || !AUTH0_CLIENT_SECRET) {
    throw new DeployError(
      'E_MISSING_CREDENTIALS',
      'AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET (the deploy client) are not set; export them, or AUTH0_ACCESS_TOKEN',
    );
  }
  return { domain: AUTH0_DOMAIN, clientId: AUTH0_CLIENT_ID, clientSecret: AUTH0_CLIENT_SECRET };
};
