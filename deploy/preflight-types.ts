import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../core/paths.ts';
import { loadBrandingTemplates } from './branding-templates.ts';
import type { TypeSchema } from './deploy-cli-schema.ts';
import {
  COLLECTION_TYPES,
  type DesiredTenant,
  MANAGED_TYPES,
  type ManagedType,
  type Resource,
  SINGLETON_TYPES,
} from './desired-state.ts';
import type { EnvironmentMapping } from './environment.ts';
import { DeployError } from './errors.ts';
import { loadNamedFile } from './named-files.ts';
import { type KeywordMappings, replaceKeywords, unresolvedInYaml } from './placeholders.ts';
import { identityOf } from './read-by-spec.ts';
import { matchesPath, TYPE_SPECS, type TypeSpec } from './resource-types.ts';

// Preflight's checks of the resource types themselves: every key is one the type takes, every
// secret comes from the environment, files named by the YAML exist, and the deletion list names
// only types that can be deleted. All before any request.

export const DELETIONS_FILE = 'deletions.yaml';

const show = (file: string): string => path.relative(REPO_ROOT, file) || file;
const specOf = (type: ManagedType): TypeSpec | undefined =>
  (TYPE_SPECS as Partial<Record<ManagedType, TypeSpec>>)[type];

const itemsOf = (type: ManagedType, value: unknown): Array<[string, Resource]> => {
  if (value === null || value === undefined) return [];
  const spec = specOf(type);
  const identity = spec ? identityOf(spec) : (item: Resource) => String(item.name);
  if (Array.isArray(value))
    return value.map((item, index) => [
      item && typeof item === 'object' ? identity(item as Resource) : `#${index + 1}`,
      item,
    ]);
  return [['settings', value as Resource]];
};

/**
 * Refuses what deploy-cli itself would refuse or drop: a type it does not have, one plan cannot
 * compare yet, and a key the type's schema closes out. Keys of an open schema (most types: deploy-cli
 * hands them to the Management API as written) are the type's to take, so a deploy-cli upgrade that
 * adds one needs no change here.
 */
export const refuseUnknownKeys = (
  file: string,
  parsed: Record<string, unknown>,
  schemas: Readonly<Record<string, TypeSchema>>,
): void => {
  for (const key of Object.keys(parsed)) {
    if (!(key in schemas)) {
      throw new DeployError(
        'E_UNSUPPORTED_RESOURCE',
        `${show(file)} declares "${key}", which is not a resource type of the installed auth0-deploy-cli; fix the spelling (its types: ${Object.keys(schemas).join(', ')})`,
      );
    }
    if (!(MANAGED_TYPES as readonly string[]).includes(key)) {
      throw new DeployError(
        'E_UNSUPPORTED_RESOURCE',
        `${show(file)} declares "${key}", which plan cannot compare yet; remove it from tenant.yaml and manage it in the dashboard (the types plan manages: ${MANAGED_TYPES.join(', ')})`,
      );
    }
  }
  for (const type of Object.keys(parsed) as ManagedType[]) {
    const schema = schemas[type];
    if (!schema?.closed) continue;
    for (const [name, item] of itemsOf(type, parsed[type])) {
      const unknown = Object.keys(item ?? {}).find((key) => !schema.keys.includes(key));
      if (unknown !== undefined) {
        throw new DeployError(
          'E_UNKNOWN_KEY',
          `${show(file)}: ${type} ${name} has key "${unknown}", which auth0-deploy-cli's schema for ${type} does not take; fix the spelling or remove it (known keys: ${schema.keys.join(', ')})`,
        );
      }
    }
  }
};

const secretPaths = (value: unknown, spec: TypeSpec, at: string[] = []): Array<[string[], unknown]> => {
  if (spec.secretFields.some((secret) => matchesPath(secret, at))) return [[at, value]];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Resource).flatMap(([key, item]) => secretPaths(item, spec, [...at, key]));
};

/**
 * A secret field (a connection's client secret, the email provider's API key...) must come from a
 * secret placeholder, which names an environment variable: a value written in the YAML or in a
 * mapping's `values` would sit in the repository.
 */
export const refuseSecretsInRepo = (
  file: string,
  parsed: Record<string, unknown>,
  secrets: Readonly<Record<string, string>>,
  mapping: EnvironmentMapping,
): void => {
  const fromEnvironment = new Set(Object.values(secrets));
  for (const type of Object.keys(parsed) as ManagedType[]) {
    const spec = specOf(type);
    if (!spec?.secretFields.length) continue;
    for (const [name, item] of itemsOf(type, parsed[type])) {
      for (const [at, value] of secretPaths(item, spec)) {
        if (typeof value === 'string' && fromEnvironment.has(value)) continue;
        throw new DeployError(
          'E_SECRET_IN_REPO',
          `${show(file)}: ${type} ${name} sets secret ${at.join('.')} to a value that is not a secret placeholder; write ##KEY## there and map KEY under "secrets" in ${show(mapping.file)} to the environment variable that holds it`,
        );
      }
    }
  }
};

const FILE_FIELDS: Partial<Record<ManagedType, string>> = { rules: 'script', emailTemplates: 'body' };

const fileFieldOf = (type: ManagedType): string | undefined => FILE_FIELDS[type] ?? specOf(type)?.fileField;

/** A form's or flow's `body` file (JSON, keywords replaced) spread into it, as deploy-cli's YAML does. */
const withJsonBody = async (
  item: Resource,
  type: ManagedType,
  tenantDir: string,
  keywords: KeywordMappings,
): Promise<Resource> => {
  if (item.body === undefined) return item;
  const text = await loadNamedFile(tenantDir, type, String(item.name), item.body, keywords);
  let parsed: Resource;
  try {
    parsed = JSON.parse(text) as Resource;
  } catch (error) {
    throw new DeployError(
      'E_FILE_MISSING',
      `${type} ${String(item.name)}: ${String(item.body)} is not JSON (${(error as Error).message}); fix the file`,
    );
  }
  const { body: _body, ...fields } = parsed;
  return { name: item.name, ...fields };
};

/**
 * A custom database's scripts, named by file in tenant.yaml (`options.customScripts.login: ./x.js`),
 * are compared by their text: the import sends the files' bodies, and Auth0 returns the bodies.
 */
const withScriptBodies = (databases: readonly Resource[], tenantDir: string, keywords: KeywordMappings) =>
  Promise.all(
    databases.map(async (database) => {
      const options = database.options as Resource | undefined;
      const scripts = options?.customScripts as Resource | undefined;
      if (!scripts || typeof scripts !== 'object') return database;
      const bodies = await Promise.all(
        Object.entries(scripts).map(
          async ([name, file]) =>
            [
              name,
              await loadNamedFile(tenantDir, 'databases', String(database.name), file, keywords),
            ] as const,
        ),
      );
      return { ...database, options: { ...options, customScripts: Object.fromEntries(bodies) } };
    }),
  );

/** The table types as the tenant must hold them: file references replaced by the files' text. */
export const loadTableTypes = async (
  parsed: Record<string, unknown>,
  tenantDir: string,
  keywords: KeywordMappings,
): Promise<Partial<DesiredTenant>> => {
  const out: Record<string, unknown> = {};
  for (const type of COLLECTION_TYPES) {
    const list = parsed[type] as Resource[] | undefined;
    if (!list) continue;
    const field = fileFieldOf(type);
    out[type] = await Promise.all(
      list.map(async (item) =>
        specOf(type)?.jsonBody
          ? withJsonBody(item, type, tenantDir, keywords)
          : field && item[field] !== undefined
            ? {
                ...item,
                [field]: await loadNamedFile(
                  tenantDir,
                  type,
                  String(item[TYPE_SPECS[type].key ?? 'name']),
                  item[field],
                  keywords,
                ),
              }
            : item,
      ),
    );
  }
  if (out.databases) out.databases = await withScriptBodies(out.databases as Resource[], tenantDir, keywords);
  for (const type of SINGLETON_TYPES) if (parsed[type]) out[type] = parsed[type];
  const branding = parsed.branding as Resource | undefined;
  if (branding?.templates !== undefined) {
    out.branding = {
      ...branding,
      templates: await loadBrandingTemplates(branding.templates, tenantDir, keywords),
    };
  }
  return out as Partial<DesiredTenant>;
};

const DELETABLE = MANAGED_TYPES.filter(
  (type) => specOf(type)?.deletePath !== undefined || type === 'actions',
);

/** tenant/deletions.yaml, if any: by type, the names this repository removes from the tenant. */
export const loadDeletions = async (
  tenantDir: string,
  keywords: KeywordMappings,
): Promise<DesiredTenant['deletions']> => {
  const file = path.join(tenantDir, DELETIONS_FILE);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const [unresolved] = unresolvedInYaml(text, keywords);
  if (unresolved) {
    throw new DeployError(
      'E_UNRESOLVED_PLACEHOLDER',
      `${show(file)}:${unresolved.line} uses ${unresolved.marker}${unresolved.key}${unresolved.marker}, which the environment mapping does not define`,
    );
  }
  const parsed = (parse(replaceKeywords(text, keywords)) ?? {}) as Record<string, unknown>;
  const deletions: Partial<Record<ManagedType, string[]>> = {};
  for (const [type, names] of Object.entries(parsed)) {
    if (!(DELETABLE as readonly string[]).includes(type)) {
      throw new DeployError(
        'E_UNSUPPORTED_RESOURCE',
        `${show(file)} lists "${type}", which cannot be deleted by name; deletable types: ${DELETABLE.join(', ')}`,
      );
    }
    if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name === '')) {
      throw new DeployError('E_UNSUPPORTED_RESOURCE', `${show(file)}: ${type} must be a list of names`);
    }
    deletions[type as ManagedType] = names as string[];
  }
  return deletions;
};
