import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../core/errors.ts';
import { loadEnvironment } from './environment.ts';
import { DeployError } from './errors.ts';
import type { ManagementConnection } from './management-api.ts';
import { SECRETS_DIGEST_KEY_VARIABLE } from './secrets-digest.ts';

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

/**
 * Where CI hands plan and deploy the environment's GitHub secrets: one variable set to
 * `${{ toJSON(secrets) }}` (GitHub's secrets context, "Contexts reference",
 * https://docs.github.com/en/actions/reference/workflows-and-actions/contexts#secrets-context), so a
 * secret added to an environment file reaches the steps with no workflow edit.
 */
export const CI_SECRETS_VARIABLE = 'CI_SECRETS';
/** What plan and deploy read besides the mapping's own secrets: the credentials and the digest key. */
export const CREDENTIAL_VARIABLES = [
  'AUTH0_CLIENT_ID',
  'AUTH0_CLIENT_SECRET',
  'AUTH0_ACCESS_TOKEN',
  SECRETS_DIGEST_KEY_VARIABLE,
] as const;

/**
 * The variables a plan or deploy reads, the environment checked first (so a mistyped `--env qa` says
 * there is no such environment, not that credentials are missing): the process environment, plus
 * from CI_SECRETS only the credentials and the variables the mapping's "secrets" name. A variable
 * set directly wins over the same name in CI_SECRETS.
 */
export const commandEnvironment = async (
  env: string,
  environment: Readonly<Record<string, string | undefined>>,
  tenantDir?: string,
): Promise<Record<string, string | undefined>> => {
  const mapping = await loadEnvironment(env, tenantDir);
  const text = environment[CI_SECRETS_VARIABLE];
  if (!text) return { ...environment };
  let bag: Record<string, unknown>;
  try {
    bag = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new DeployError(
      'E_MISSING_SECRET',
      `${CI_SECRETS_VARIABLE} is not JSON; in the workflow set it to \${{ toJSON(secrets) }}`,
    );
  }
  const wanted = [...CREDENTIAL_VARIABLES, ...Object.values(mapping.secrets)];
  const picked = Object.fromEntries(
    wanted.filter((name) => typeof bag[name] === 'string').map((name) => [name, bag[name] as string]),
  );
  const direct = Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== ''));
  return { ...picked, ...direct, [CI_SECRETS_VARIABLE]: undefined };
};
