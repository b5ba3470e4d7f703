import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, TENANT_DIR } from '../core/paths.ts';
import { parseActionDependencies } from './action-dependencies.ts';
import { AUTH0_ACTION_CODE_LIMIT, secretsDigestPlaceholderKey } from './build-actions.ts';
import { checkBindings } from './check-bindings.ts';
import { deployCliFacts } from './deploy-cli-schema.ts';
import type { DesiredAction, DesiredTenant, ManagedType, Resource } from './desired-state.ts';
import { type EnvironmentMapping, loadEnvironment } from './environment.ts';
import { DeployError } from './errors.ts';
import { findPlaceholders, type KeywordMappings, replaceKeywords, unresolvedInYaml } from './placeholders.ts';
import { loadDeletions, loadTableTypes, refuseSecretsInRepo, refuseUnknownKeys } from './preflight-types.ts';
import { secretDigest, secretsDigestKey, secretsDigestLine } from './secrets-digest.ts';
import { comparableTenant } from './tenant-settings.ts';
import { readTenantYaml, type TenantYaml } from './tenant-yaml.ts';

export interface PreflightOptions {
  readonly env: string;
  /** The tenant the command will talk to, and the client it authenticates as (if known). */
  readonly target: { readonly domain: string; readonly clientId?: string };
  /** Where secret placeholders read their values: normally `process.env`. */
  readonly secretSource: Readonly<Record<string, string | undefined>>;
  readonly approved?: boolean;
  readonly allowDelete?: boolean;
  readonly tenantDir?: string;
}

export interface PreflightResult {
  readonly mapping: EnvironmentMapping;
  readonly inputFile: string;
  /** Everything deploy-cli needs as `AUTH0_KEYWORD_REPLACE_MAPPINGS`, secrets included. */
  readonly keywords: KeywordMappings;
  readonly desired: DesiredTenant;
}

const show = (file: string): string => path.relative(REPO_ROOT, file) || file;

const refuseUnresolved = (
  keywords: KeywordMappings,
  text: string,
  file: string,
  mapping: EnvironmentMapping,
  yaml = false,
) => {
  const uses = yaml
    ? unresolvedInYaml(text, keywords)
    : findPlaceholders(text).filter((use) => !(use.key in keywords));
  for (const use of uses) {
    throw new DeployError(
      'E_UNRESOLVED_PLACEHOLDER',
      `${show(file)}:${use.line} uses ${use.marker}${use.key}${use.marker} but ${show(mapping.file)} does not define it; add "${use.key}" to its "values" (or to "secrets" with the environment variable that holds it)`,
    );
  }
};

const readSecrets = (mapping: EnvironmentMapping, source: PreflightOptions['secretSource']) => {
  const secrets: Record<string, string> = {};
  for (const [key, variable] of Object.entries(mapping.secrets)) {
    const value = source[variable];
    if (value === undefined || value === '') {
      throw new DeployError(
        'E_MISSING_SECRET',
        `${show(mapping.file)} takes secret ${key} from environment variable ${variable}, which is not set; export ${variable} (in CI: add it to the ${mapping.name} environment's secrets)`,
      );
    }
    secrets[key] = value;
  }
  return secrets;
};

const readManifest = async (distDir: string): Promise<Map<string, { sha256: string; bytes: number }>> => {
  const file = path.join(distDir, 'manifest.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new DeployError('E_BUNDLE_MISSING', `${show(file)} does not exist; run npm run build first`);
  });
  const entries = JSON.parse(text) as { file: string; sha256: string; bytes: number }[];
  return new Map(entries.map((entry) => [path.join(distDir, entry.file), entry]));
};

/**
 * An Action's code as tenant.yaml names it: a bundle our build made (under dist/, checked against
 * its manifest), or a JavaScript file the team keeps as written (an `a0deploy export` writes one per
 * Action), taken as deploy-cli takes it.
 */
const readActionSource = async (name: string, file: string, tenantDir: string): Promise<Buffer> => {
  const built = path.dirname(file) === path.join(tenantDir, 'dist');
  const bytes = await readFile(file).catch(() => undefined);
  if (!built) {
    if (bytes) return bytes;
    throw new DeployError(
      'E_BUNDLE_MISSING',
      `action ${name}: ${show(file)} does not exist; write the Action's JavaScript there or point code at its file`,
    );
  }
  const manifest = await readManifest(path.dirname(file));
  const listed = manifest.get(file);
  if (!listed || !bytes) {
    throw new DeployError(
      'E_BUNDLE_MISSING',
      `action ${name}: ${show(file)} is not a built bundle; run npm run build`,
    );
  }
  if (createHash('sha256').update(bytes).digest('hex') !== listed.sha256) {
    throw new DeployError(
      'E_BUNDLE_MISSING',
      `action ${name}: ${show(file)} differs from its manifest entry; run npm run build again`,
    );
  }
  return bytes;
};

const loadActionCode = async (
  raw: Record<string, unknown>,
  tenantDir: string,
  keywords: Record<string, unknown>,
  mapping: EnvironmentMapping,
  digestKey: string,
  at: { yaml: TenantYaml; index: number },
): Promise<DesiredAction> => {
  const name = String(raw.name);
  // Auth0's limits on npm modules, before anything is read or sent.
  const dependencies = parseActionDependencies(name, raw.dependencies, at.yaml, at.index);
  const codeFile = String(raw.code ?? '');
  const file = path.resolve(tenantDir, codeFile);
  if (!file.startsWith(tenantDir + path.sep)) {
    throw new DeployError(
      'E_BUNDLE_MISSING',
      `action ${name}: code ${codeFile} is outside ${show(tenantDir)}; keep the code next to tenant.yaml (bundles in tenant/dist)`,
    );
  }
  const bytes = await readActionSource(name, file, tenantDir);
  const secrets = ((raw.secrets ?? []) as { name: string; value: unknown }[]).map((secret) => ({
    name: String(secret.name),
    value: String(secret.value ?? ''),
  }));
  const digestPlaceholder = secretsDigestPlaceholderKey(name);
  const withDigest = {
    ...keywords,
    [digestPlaceholder]: secretsDigestLine(digestKey, name, secrets),
  };
  const source = bytes.toString('utf8');
  // Code written without our build carries no digest line: its secrets compare by name only.
  const digested = source.includes(`##${digestPlaceholder}##`);
  refuseUnresolved(withDigest, source, file, mapping);
  const code = replaceKeywords(source, withDigest);
  if (Buffer.byteLength(code) > AUTH0_ACTION_CODE_LIMIT) {
    throw new DeployError(
      'E_BUNDLE_TOO_LARGE',
      `action ${name}: ${show(file)} is ${Buffer.byteLength(code)} bytes once resolved, over Auth0's ${AUTH0_ACTION_CODE_LIMIT}-byte limit; shrink the Action`,
    );
  }
  return {
    name,
    code,
    codeFile,
    ...(typeof raw.runtime === 'string' ? { runtime: raw.runtime } : {}),
    deployed: raw.deployed === true,
    dependencies,
    supported_triggers: (raw.supported_triggers ?? []) as unknown[],
    ...(Array.isArray(raw.modules) ? { modules: raw.modules as unknown[] } : {}),
    secrets,
    secretDigests: digested
      ? Object.fromEntries(
          secrets.map((secret) => [secret.name, secretDigest(digestKey, name, secret.name, secret.value)]),
        )
      : {},
  };
};

/**
 * Every check that needs no request: the environment exists and is approved, every placeholder in
 * tenant.yaml and in the bundles resolves, every secret is present, bundles are built, unchanged and
 * within Auth0's limits, and deletes cannot reach the deploy's own client. Returns the desired state.
 */
export const preflight = async (options: PreflightOptions): Promise<PreflightResult> => {
  const tenantDir = options.tenantDir ?? TENANT_DIR;
  const inputFile = path.join(tenantDir, 'tenant.yaml');
  const mapping = await loadEnvironment(options.env, tenantDir);
  if (mapping.protected && !options.approved) {
    throw new DeployError(
      'E_APPROVAL_REQUIRED',
      `${show(mapping.file)} marks ${mapping.name} as protected; rerun with --yes once the plan has been reviewed`,
    );
  }
  if (options.target.domain !== mapping.tenant) {
    throw new DeployError(
      'E_WRONG_TENANT',
      `AUTH0_DOMAIN is ${options.target.domain} but ${show(mapping.file)} is for ${mapping.tenant}; use the ${mapping.name} credentials or the right --env`,
    );
  }
  if (options.allowDelete && !options.target.clientId) {
    throw new DeployError(
      'E_DELETES_DEPLOY_CLIENT',
      '--allow-delete without AUTH0_CLIENT_ID would let auth0-deploy-cli delete the client this deploy signs in with; set AUTH0_CLIENT_ID to the deploy client',
    );
  }
  const secrets = readSecrets(mapping, options.secretSource);
  const digestKey = secretsDigestKey(mapping.tenant, options.secretSource);
  const keywords: Record<string, unknown> = { ...mapping.values, ...secrets, AUTH0_DOMAIN: mapping.tenant };
  const yamlText = await readFile(inputFile, 'utf8');
  const yaml = readTenantYaml(inputFile, yamlText);
  refuseUnresolved(keywords, yamlText, inputFile, mapping, true);
  const parsed = (parse(replaceKeywords(yamlText, keywords)) ?? {}) as Record<string, unknown>;
  checkBindings(parsed, yaml);
  const facts = await deployCliFacts();
  refuseUnknownKeys(inputFile, parsed, facts.types);
  refuseSecretsInRepo(inputFile, parsed, secrets, mapping);
  const actions = await Promise.all(
    ((parsed.actions ?? []) as Record<string, unknown>[]).map((raw, index) =>
      loadActionCode(raw, tenantDir, keywords, mapping, digestKey, { yaml, index }),
    ),
  );
  for (const action of actions)
    keywords[secretsDigestPlaceholderKey(action.name)] = secretsDigestLine(
      digestKey,
      action.name,
      action.secrets,
    );
  const pick = <T>(type: ManagedType): T | undefined => parsed[type] as T | undefined;
  const deletions = await loadDeletions(tenantDir, keywords);
  const tenantSettings = parsed.tenant
    ? comparableTenant(parsed.tenant as Resource, facts.tenantFlags)
    : undefined;
  const desired: DesiredTenant = {
    ...(tenantSettings ? { tenant: tenantSettings.tenant } : {}),
    ...(tenantSettings?.droppedFlags.length
      ? { notices: [droppedFlagsNotice(tenantSettings.droppedFlags)] }
      : {}),
    ...(parsed.actions ? { actions } : {}),
    ...(parsed.triggers ? { triggers: pick('triggers') } : {}),
    ...(parsed.resourceServers ? { resourceServers: pick('resourceServers') } : {}),
    ...(parsed.clients ? { clients: pick('clients') } : {}),
    ...(parsed.clientGrants ? { clientGrants: pick('clientGrants') } : {}),
    ...(await loadTableTypes(parsed, tenantDir, keywords)),
    ...(deletions ? { deletions } : {}),
  };
  return { mapping, inputFile, keywords, desired };
};

const droppedFlagsNotice = (flags: readonly string[]): string =>
  `tenant.flags ${flags.join(', ')}: auth0-deploy-cli does not write ${flags.length > 1 ? 'these flags' : 'this flag'} (not among the flags the Management API lets a deploy set), so plan does not compare ${flags.length > 1 ? 'them' : 'it'}; set ${flags.length > 1 ? 'them' : 'it'} in the dashboard, or remove ${flags.length > 1 ? 'them' : 'it'} from tenant.yaml`;

/** The resolved secret values by key, so output can mask them wherever they would appear. */
export const secretValues = (checked: PreflightResult): Record<string, string> =>
  Object.fromEntries(
    Object.keys(checked.mapping.secrets).map((key) => [key, String(checked.keywords[key] ?? '')]),
  );
