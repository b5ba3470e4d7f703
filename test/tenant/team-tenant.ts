import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ENVIRONMENTS_DIR } from '../../core/paths.ts';
import { type EnvironmentMapping, loadEnvironment } from '../../deploy/environment.ts';
import { type PreflightResult, preflight } from '../../deploy/preflight.ts';

// The team's own tenant/ as a deploy would read it, for the tests of the team's content: what they
// expect is derived from tenant.yaml, environments/*.json, actions/ and claims/contract.ts.

/** Every environment that has a mapping file in tenant/environments/. */
export const teamEnvironments = async (): Promise<string[]> =>
  (await readdir(ENVIRONMENTS_DIR))
    .filter((file) => file.endsWith('.json'))
    .map((file) => path.basename(file, '.json'))
    .sort();

/**
 * A stand-in for each secret's environment variable: these tests check that every secret is wired
 * (declared, mapped, resolved), never a secret's value, which CI supplies only to deploys.
 */
export const standInSecrets = (mapping: EnvironmentMapping): Record<string, string> =>
  Object.fromEntries(Object.values(mapping.secrets).map((variable) => [variable, `stand-in-${variable}`]));

/** Preflight of the team's tenant for `env`, as its deploy would run it (approved, its own domain). */
export const preflightTeamTenant = async (env: string): Promise<PreflightResult> => {
  const mapping = await loadEnvironment(env);
  return preflight({
    env,
    target: { domain: mapping.tenant },
    secretSource: standInSecrets(mapping),
    approved: true,
  });
};
