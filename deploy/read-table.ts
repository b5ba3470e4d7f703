import type { Management } from 'auth0';
import {
  COLLECTION_TYPES,
  type CollectionType,
  type DesiredTenant,
  type Resource,
  SINGLETON_TYPES,
  type SingletonType,
} from './desired-state.ts';
import type { ManagementApi } from './management-api.ts';
import { fieldsOf } from './management-responses.ts';
import { orAbsent, readBySpec } from './read-by-spec.ts';
import { readOrganizations } from './read-organizations.ts';
import { readPages } from './read-pages.ts';
import { TYPE_SPECS, type TypeSpec } from './resource-types.ts';

// Reading the table-driven types: each its own endpoint, paging and quirks. Only GETs; resources the
// YAML does not name are read as a list (to count them as unmanaged), never one by one.

const PROMPT_SETTINGS = ['universal_login_experience', 'identifier_first', 'webauthn_platform_first_factor'];
const ATTACK_PROTECTION = {
  breachedPasswordDetection: 'breached-password-detection',
  bruteForceProtection: 'brute-force-protection',
  suspiciousIpThrottling: 'suspicious-ip-throttling',
  botDetection: 'bot-detection',
  captcha: 'captcha',
} as const;

/**
 * Branding, with its Universal Login page template when tenant.yaml declares one, in tenant.yaml's
 * shape (`templates: [{ template: universal_login, body }]`). The template lives at its own path
 * (`/branding/templates/universal-login`, 404 until set), as deploy-cli writes it.
 */
const readBranding = async (api: ManagementApi, desired: Resource): Promise<Resource | undefined> => {
  const [branding, template] = await Promise.all([
    orAbsent(api.get('/branding')),
    desired.templates === undefined
      ? Promise.resolve(undefined)
      : orAbsent(api.get('/branding/templates/universal-login')),
  ]);
  if (template?.body === undefined) return branding;
  return { ...branding, templates: [{ template: 'universal_login', body: template.body }] };
};

const names = (list: readonly Resource[] | undefined, key = 'name'): string[] =>
  (list ?? []).map((item) => String(item[key]));

/**
 * A connection's enabled clients, by name, as tenant.yaml writes them. Auth0 is removing
 * `enabled_clients` from the connection itself; `/connections/{id}/clients` is where they live.
 * Clients the YAML does not manage are left out: their access is their owners' business.
 */
const enabledClientNames = async (
  api: ManagementApi,
  connection: Management.ConnectionForList,
  clients: readonly Management.Client[],
  managed: ReadonlySet<string>,
): Promise<string[]> => {
  const path = `/connections/${encodeURIComponent(String(connection.id))}/clients` as const;
  const body = await api.get(path);
  // The SDK says `clients` is always there; a tenant that leaves it out has enabled none.
  return (body.clients ?? [])
    .map((entry) => clients.find((client) => client.client_id === entry.client_id)?.name)
    .filter((name): name is string => typeof name === 'string' && managed.has(name));
};

const readConnections = async (
  api: ManagementApi,
  declared: readonly Resource[] | undefined,
  all: Promise<Management.ConnectionForList[]>,
  clients: Promise<Management.Client[]>,
  managedClients: ReadonlySet<string>,
): Promise<Resource[]> => {
  const list = await all;
  const wanted = new Set(names(declared));
  return Promise.all(
    list.map(async (connection) =>
      fieldsOf(
        wanted.has(String(connection.name))
          ? {
              ...connection,
              enabled_clients: await enabledClientNames(api, connection, await clients, managedClients),
            }
          : connection,
      ),
    ),
  );
};

const readRoles = async (api: ManagementApi, declared: readonly Resource[]): Promise<Resource[]> => {
  const roles = await api.list('/roles', 'roles');
  const wanted = new Set(names(declared));
  return Promise.all(
    roles.map(async (role) => {
      if (!wanted.has(String(role.name))) return fieldsOf(role);
      const path = `/roles/${encodeURIComponent(String(role.id))}/permissions` as const;
      const permissions = await api.list(path, 'permissions');
      return fieldsOf({
        ...role,
        permissions: permissions.map((permission) => ({
          permission_name: permission.permission_name,
          resource_server_identifier: permission.resource_server_identifier,
        })),
      });
    }),
  );
};

/** `prompts.customText` is read per declared prompt and language (Auth0 has no list of them). */
const readPrompts = async (api: ManagementApi, declared: Resource): Promise<Resource> => {
  const settings = await api.get('/prompts');
  const customText: Record<string, Record<string, unknown>> = {};
  const wanted = (declared.customText ?? {}) as Record<string, Record<string, unknown>>;
  await Promise.all(
    Object.entries(wanted).flatMap(([language, prompts]) =>
      Object.keys(prompts).map(async (prompt) => {
        const path =
          `/prompts/${encodeURIComponent(prompt)}/custom-text/${encodeURIComponent(language)}` as const;
        const texts = customText[language] ?? {};
        customText[language] = texts;
        texts[prompt] = await api.get(path);
      }),
    ),
  );
  return {
    ...Object.fromEntries(PROMPT_SETTINGS.map((key) => [key, settings[key]])),
    customText,
  };
};

const readAttackProtection = async (api: ManagementApi, declared: Resource): Promise<Resource> =>
  Object.fromEntries(
    await Promise.all(
      Object.keys(declared)
        .filter((key): key is keyof typeof ATTACK_PROTECTION => key in ATTACK_PROTECTION)
        .map(
          async (key) =>
            [key, await api.get(`/attack-protection/${ATTACK_PROTECTION[key]}` as const)] as const,
        ),
    ),
  );

export type TableState = Partial<Record<CollectionType, readonly Resource[]>> &
  Partial<Record<SingletonType, Resource>>;

/**
 * The table types' current state. Rules are always read, declared or not: the plan warns while the
 * tenant still runs an enabled Rule (Rules reached end of life on 2026-11-18).
 */
export const readTableTypes = async (
  api: ManagementApi,
  desired: DesiredTenant,
  clients: Promise<Management.Client[]>,
): Promise<TableState> => {
  // Clients tenant.yaml declares or enables by name; any other client's access is left as it is.
  const managedClients = new Set([
    ...names(desired.clients),
    ...[...(desired.databases ?? []), ...(desired.connections ?? [])].flatMap((connection) =>
      Array.isArray(connection.enabled_clients) ? connection.enabled_clients.map(String) : [],
    ),
  ]);
  const wantsConnections = desired.databases || desired.connections;
  const connections = wantsConnections ? api.list('/connections', 'connections') : Promise.resolve([]);
  const byStrategy = (database: boolean) =>
    connections.then((all) => all.filter((connection) => (connection.strategy === 'auth0') === database));
  const templates = async (declared: readonly Resource[]) =>
    (
      await Promise.all(
        names(declared, 'template').map((template) =>
          orAbsent(api.get(`/email-templates/${encodeURIComponent(template)}` as const)),
        ),
      )
    ).filter((template): template is Resource => template !== undefined);
  const entries = await Promise.all(
    [
      ['rules', api.list('/rules', 'rules').then((rules) => rules.map(fieldsOf))] as const,
      desired.databases &&
        ([
          'databases',
          readConnections(api, desired.databases, byStrategy(true), clients, managedClients),
        ] as const),
      desired.connections &&
        ([
          'connections',
          readConnections(api, desired.connections, byStrategy(false), clients, managedClients),
        ] as const),
      desired.roles && (['roles', readRoles(api, desired.roles)] as const),
      desired.organizations &&
        (['organizations', readOrganizations(api, desired.organizations, clients)] as const),
      desired.emailTemplates && (['emailTemplates', templates(desired.emailTemplates)] as const),
      desired.logStreams &&
        (['logStreams', api.get('/log-streams').then((all) => all.map(fieldsOf))] as const),
      desired.customDomains &&
        (['customDomains', api.get('/custom-domains').then((all) => all.map(fieldsOf))] as const),
      desired.guardianFactors &&
        (['guardianFactors', api.get('/guardian/factors').then((all) => all.map(fieldsOf))] as const),
      desired.branding && (['branding', readBranding(api, desired.branding)] as const),
      desired.prompts && (['prompts', readPrompts(api, desired.prompts)] as const),
      desired.emailProvider &&
        ([
          'emailProvider',
          orAbsent(api.get('/emails/provider', { fields: 'name,enabled,default_from_address,settings' })),
        ] as const),
      desired.pages && (['pages', readPages(api)] as const),
      desired.attackProtection &&
        (['attackProtection', readAttackProtection(api, desired.attackProtection)] as const),
      ...[...COLLECTION_TYPES, ...SINGLETON_TYPES].map((type) => {
        const spec: TypeSpec = TYPE_SPECS[type];
        const declared = desired[type];
        // Retired types are read when listed for deletion too: adopting one needs only the deletion list.
        const wanted = declared ?? (spec.retired && desired.deletions?.[type] ? [] : undefined);
        return spec.read && wanted !== undefined
          ? ([type, readBySpec(api, spec, wanted)] as const)
          : undefined;
      }),
    ]
      .filter((entry) => entry !== undefined)
      .map(async ([type, read]) => [type, await read] as const),
  );
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as TableState;
};
