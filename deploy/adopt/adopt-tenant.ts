import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT, TENANT_DIR } from '../../core/paths.ts';
import { deployCliSchemas } from '../deploy-cli-schema.ts';
import type { ManagedType, Resource } from '../desired-state.ts';
import { environmentFile, loadEnvironment } from '../environment.ts';
import { DeployError } from '../errors.ts';
import { createManagementApi, type ManagementConnection } from '../management-api.ts';
import { replaceKeywords } from '../placeholders.ts';
import { capList } from '../plan.ts';
import { TYPE_SPECS, type TypeSpec } from '../resource-types.ts';
import { readTenantYaml } from '../tenant-yaml.ts';
import { chooseResources } from './choose.ts';
import { environmentText } from './environment-text.ts';
import { type AdoptedEntry, mergeIntoYaml } from './merge-yaml.ts';
import { DOMAIN_KEY, keyName, PlaceholderBook, placeholdersFor } from './per-environment.ts';
import { type LiveContext, nameOf, readLive } from './read-live.ts';
import { parseSelection, SETTINGS_TYPES } from './selection.ts';
import { inJsonFile, shapeResource } from './yaml-shape.ts';

export interface AdoptOptions {
  readonly env: string;
  readonly connection: ManagementConnection;
  /** `--only` values; none adopts every type. */
  readonly only?: readonly string[];
  /** `--replace`: overwrite resources tenant.yaml already declares with the tenant's version. */
  readonly replace?: boolean;
  /** The folder of tenant.yaml and environments/ (default `tenant/`). */
  readonly tenantDir?: string;
}

export interface AdoptResult {
  readonly adopted: readonly { readonly type: ManagedType; readonly name: string }[];
  /** Actions adopted because a selected trigger binds them. */
  readonly boundActions: readonly string[];
  /** Files written, relative to the repository. */
  readonly written: readonly string[];
  /** Keys added to the environment file's "values" and "secrets". */
  readonly values: readonly string[];
  readonly secrets: readonly string[];
  /** Settings (or parts) the tenant's plan does not offer, left out. */
  readonly unavailable: readonly string[];
  /** Other environment files, each with the added value keys it lacks. */
  readonly missingElsewhere: Readonly<Record<string, readonly string[]>>;
}

const show = (file: string): string => path.relative(REPO_ROOT, file) || file;
const specOf = (type: ManagedType): TypeSpec | undefined =>
  (TYPE_SPECS as Partial<Record<ManagedType, TypeSpec>>)[type];

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Resource).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );

/** What tenant.yaml declares of each type, placeholders resolved with the environment's values. */
const declaredOf = (
  parsed: Record<string, unknown>,
  type: ManagedType,
): Map<string, { at: number; item: Resource }> => {
  const value = parsed[type];
  if (value === undefined || value === null) return new Map();
  if (SETTINGS_TYPES.includes(type)) return new Map([['settings', { at: -1, item: value as Resource }]]);
  if (type === 'triggers')
    return new Map(Object.keys(value as Resource).map((id) => [id, { at: -1, item: {} }]));
  return new Map(
    (value as Resource[]).map((item, at) => [nameOf(type, item ?? {}), { at, item: item ?? {} }]),
  );
};

/**
 * `npm run import`: reads the selected resources of the live tenant (GETs only) and writes them into
 * tenant.yaml, their per-environment values and secrets as placeholders in the environment's file,
 * code and markup in files beside tenant.yaml. Refuses, before writing anything, a resource
 * tenant.yaml already declares (unless `replace`).
 */
export const adoptTenant = async (options: AdoptOptions): Promise<AdoptResult> => {
  const tenantDir = options.tenantDir ?? TENANT_DIR;
  const mapping = await loadEnvironment(options.env, tenantDir);
  if (options.connection.domain !== mapping.tenant) {
    throw new DeployError(
      'E_WRONG_TENANT',
      `AUTH0_DOMAIN is ${options.connection.domain} but ${show(mapping.file)} is for ${mapping.tenant}; use the ${mapping.name} credentials or the right --env`,
    );
  }
  const selection = parseSelection(options.only);
  const yamlFile = path.join(tenantDir, 'tenant.yaml');
  const text = existsSync(yamlFile) ? await readFile(yamlFile, 'utf8') : '';
  readTenantYaml(yamlFile, text); // a syntax error stops the import before any request
  const resolved = (parse(replaceKeywords(text, { ...mapping.values, [DOMAIN_KEY]: mapping.tenant })) ??
    {}) as Record<string, unknown>;
  const context: LiveContext = {
    domain: mapping.tenant,
    unmanagedClients: mapping.unmanagedClients,
    ...(options.connection.clientId ? { deployClientId: options.connection.clientId } : {}),
  };
  const live = await readLive(createManagementApi(options.connection), selection);
  const declaredActions = new Set(declaredOf(resolved, 'actions').keys());
  const { chosen, boundActions } = chooseResources(selection, live, context, declaredActions);
  const clashes = chosen.filter((entry) => declaredOf(resolved, entry.type).has(entry.name));
  if (clashes.length && !options.replace) {
    throw new DeployError(
      'E_ALREADY_DECLARED',
      `${show(yamlFile)} already declares ${capList(clashes.map((entry) => `${entry.type} ${entry.name}`))}; leave them out of --only, or pass --replace to overwrite them with the tenant's version`,
    );
  }
  const schemas = await deployCliSchemas();
  const book = new PlaceholderBook(mapping.tenant, mapping);
  const entries: AdoptedEntry[] = [];
  const files = new Map<string, string>();
  for (const { type, name, live: item } of chosen) {
    const schema = schemas[type];
    const shaped = shapeResource(type, name, item, schema?.closed ? schema.keys : undefined);
    // Keys read as the resource's name (`SHOP_SPA_CALLBACKS`), or its type when it has none.
    const label =
      typeof item.name === 'string' && !SETTINGS_TYPES.includes(type)
        ? item.name
        : type === 'clientGrants'
          ? `${String(item.client_id)}_grant`
          : type;
    let placed = placeholdersFor(shaped.item, {
      book,
      label,
      secretFields: specOf(type)?.secretFields ?? [],
    });
    if (type === 'actions')
      placed = {
        ...placed,
        secrets: (placed.secrets as Resource[]).map((secret) => ({
          name: secret.name,
          value: book.secret(keyName(name, String(secret.name))),
        })),
      };
    const json = inJsonFile(type, name, placed);
    if (json) placed = json.item;
    const declared = declaredOf(resolved, type).get(name);
    entries.push({
      type,
      name,
      item: placed,
      ...(declared
        ? {
            replaces: declared.at,
            unchanged: Object.keys(shaped.item).filter(
              (field) => canonical(declared.item[field]) === canonical(shaped.item[field]),
            ),
          }
        : {}),
    });
    for (const file of [...shaped.files, ...(json?.files ?? [])]) files.set(file.path, file.text);
  }
  const written: string[] = [];
  for (const [relative, content] of files) {
    const file = path.join(tenantDir, ...relative.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    written.push(show(file));
  }
  if (entries.length) {
    await writeFile(yamlFile, mergeIntoYaml(text, entries));
    written.push(show(yamlFile));
  }
  if (book.added.values.length || book.added.secrets.length) {
    const envFile = environmentFile(options.env, tenantDir);
    const raw = JSON.parse(await readFile(envFile, 'utf8')) as Record<string, unknown>;
    raw.values = {
      ...(raw.values as Resource),
      ...Object.fromEntries(book.added.values.map((key) => [key, book.values[key]])),
    };
    raw.secrets = {
      ...(raw.secrets as Resource),
      ...Object.fromEntries(book.added.secrets.map((key) => [key, book.secrets[key]])),
    };
    await writeFile(envFile, environmentText(raw));
    written.push(show(envFile));
  }
  return {
    adopted: chosen.map(({ type, name }) => ({ type, name })),
    boundActions,
    written,
    values: book.added.values,
    secrets: book.added.secrets,
    unavailable: live.unavailable,
    missingElsewhere: await missingElsewhere(tenantDir, options.env, book.added.values),
  };
};

/** The other environment files lacking keys this import added to one. */
const missingElsewhere = async (
  tenantDir: string,
  env: string,
  keys: readonly string[],
): Promise<Record<string, string[]>> => {
  if (!keys.length) return {};
  const dir = path.dirname(environmentFile(env, tenantDir));
  const others = (await readdir(dir)).filter((file) => file.endsWith('.json') && file !== `${env}.json`);
  const out: Record<string, string[]> = {};
  for (const file of others) {
    const mapping = await loadEnvironment(path.basename(file, '.json'), tenantDir).catch(() => undefined);
    const lacking = keys.filter(
      (key) => !(key in (mapping?.values ?? {})) && !(key in (mapping?.secrets ?? {})),
    );
    if (lacking.length) out[show(path.join(dir, file))] = lacking;
  }
  return out;
};
