import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import { REPO_ROOT, TENANT_DIR } from '../core/paths.ts';
import { DeployError } from './errors.ts';

const keyName = v.pipe(v.string(), v.regex(/^[A-Z][A-Z0-9_]*$/, 'keys are UPPER_SNAKE_CASE'));
const mappingValue = v.union([
  v.string(),
  v.number(),
  v.boolean(),
  v.array(v.unknown()),
  v.record(v.string(), v.unknown()),
]);

/** `tenant/environments/<env>.json`: the values one environment gives tenant.yaml's placeholders. */
const EnvironmentFile = v.strictObject({
  /** The tenant's Auth0 domain; `AUTH0_DOMAIN` must name the same one, so prod values never land on dev. */
  tenant: v.pipe(v.string(), v.minLength(1)),
  /** Protected environments deploy only with `--yes`. */
  protected: v.boolean(),
  /** Placeholder values: `##KEY##` takes a string, `@@KEY@@` any JSON value. Never secrets. */
  values: v.record(keyName, mappingValue),
  /** Secret placeholders, each naming the environment variable that supplies its value at deploy time. */
  secrets: v.record(keyName, v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/))),
  /**
   * Names of clients tenant.yaml does not manage and no deploy may change or delete: the deploy
   * client and the read-only client CI plans with. Each plan runs as one of them and sees the other.
   */
  unmanagedClients: v.optional(v.array(v.pipe(v.string(), v.minLength(1))), []),
});

/** The keys an environment file may hold, for the README's reference (test/docs/readme.test.ts). */
export const ENVIRONMENT_FILE_KEYS: readonly string[] = Object.keys(EnvironmentFile.entries);

export type EnvironmentMapping = v.InferOutput<typeof EnvironmentFile> & {
  readonly name: string;
  readonly file: string;
};

export const environmentFile = (env: string, tenantDir = TENANT_DIR): string =>
  path.join(tenantDir, 'environments', `${env}.json`);

/** Reads and checks one environment's mapping file; an unknown or malformed one stops the command. */
export const loadEnvironment = async (env: string, tenantDir = TENANT_DIR): Promise<EnvironmentMapping> => {
  const file = environmentFile(env, tenantDir);
  const shown = path.relative(REPO_ROOT, file);
  if (!/^[a-z][a-z0-9-]*$/.test(env)) {
    throw new DeployError(
      'E_UNKNOWN_ENVIRONMENT',
      `"${env}" is not an environment name; pass --env local|dev|staging|prod`,
    );
  }
  const text = await readFile(file, 'utf8').catch(() => {
    throw new DeployError(
      'E_UNKNOWN_ENVIRONMENT',
      `${shown} does not exist; pass an environment that has a mapping file in tenant/environments/`,
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DeployError('E_UNKNOWN_ENVIRONMENT', `${shown} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = v.safeParse(EnvironmentFile, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue?.path?.map((item) => String(item.key)).join('.') ?? '(root)';
    throw new DeployError(
      'E_UNKNOWN_ENVIRONMENT',
      `${shown}: ${where}: ${issue?.message}; fix the mapping file`,
    );
  }
  for (const key of Object.keys(parsed.output.secrets)) {
    if (key in parsed.output.values) {
      throw new DeployError(
        'E_UNKNOWN_ENVIRONMENT',
        `${shown} defines ${key} both as a value and as a secret; keep it in "secrets" only`,
      );
    }
  }
  return { ...parsed.output, name: env, file };
};
