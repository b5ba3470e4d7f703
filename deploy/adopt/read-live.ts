import type { DesiredTenant, ManagedType, Resource } from '../desired-state.ts';
import { DeployError } from '../errors.ts';
import type { ManagementApi } from '../management-api.ts';
import { fieldsOf } from '../management-responses.ts';
import { identityOf } from '../read-by-spec.ts';
import { type CurrentTenant, readTenant } from '../read-tenant.ts';
import { TYPE_SPECS, type TypeSpec } from '../resource-types.ts';
import { SETTINGS_TYPES, type Selection } from './selection.ts';

// Reads the live tenant through plan's own reader (read-tenant.ts), handed a tenant.yaml made of the
// selection, so an adopted resource is written exactly as the next plan will read it back. Only GETs.

/** One resource read from the tenant, as plan reads it, under the name tenant.yaml will know it by. */
export interface LiveResource {
  readonly type: ManagedType;
  readonly name: string;
  readonly item: Resource;
}

export interface LiveContext {
  /** The tenant's domain: its Management API is a system API, never adopted. */
  readonly domain: string;
  /** The client the command signs in with: never adopted, nor its grants. */
  readonly deployClientId?: string;
  /** The environment's `unmanagedClients`: never adopted, nor their grants. */
  readonly unmanagedClients: readonly string[];
}

/**
 * Auth0's email templates ("Customize Email Templates", Management API
 * `GET /api/v2/email-templates/{templateName}`): there is no list, so every name is asked for and the
 * ones never set (404) are skipped.
 */
export const EMAIL_TEMPLATE_NAMES = [
  ...['verify_email', 'verify_email_by_code', 'reset_email', 'reset_email_by_code', 'welcome_email'],
  ...['blocked_account', 'stolen_credentials', 'enrollment_email', 'mfa_oob_code', 'user_invitation'],
  ...['change_password', 'password_reset', 'async_approval'],
];

/**
 * Types whose reader lists every resource whatever tenant.yaml names. Any other type (roles read
 * their permissions, connections their enabled clients, for named resources only) is read a second
 * time with the names the first read found, so a type added to the reader is adopted whole too.
 */
const LISTED_WHOLE: readonly ManagedType[] = [
  ...['clients', 'resourceServers', 'clientGrants', 'actions', 'rules', 'logStreams'],
  ...['customDomains', 'guardianFactors', 'emailTemplates'],
] as ManagedType[];

const specOf = (type: ManagedType): TypeSpec | undefined =>
  (TYPE_SPECS as Partial<Record<ManagedType, TypeSpec>>)[type];

/** The name tenant.yaml knows a resource by (a grant: its client's name and audience). */
export const nameOf = (type: ManagedType, item: Resource): string => {
  if (SETTINGS_TYPES.includes(type)) return 'settings';
  if (type === 'clientGrants') return `${String(item.client_id)} -> ${String(item.audience)}`;
  if (type === 'triggers') return String(item.id);
  const spec = specOf(type);
  return spec ? identityOf(spec)(item) : String(item.name);
};

const MANAGEMENT_API_NAME = 'Auth0 Management API';

/** Why a resource of the tenant can never be adopted, if it cannot (system and deploy resources). */
export const notAdoptable = (
  type: ManagedType,
  item: Resource,
  context: LiveContext,
  clientIdOf: (name: string) => string | undefined = () => undefined,
): string | undefined => {
  const managementApi = `https://${context.domain}/api/v2/`;
  if (type === 'clients') {
    if (item.global === true) return 'the global client is Auth0-managed';
    if (item.client_id !== undefined && item.client_id === context.deployClientId)
      return 'it is the client this command signs in with';
    if (context.unmanagedClients.includes(String(item.name)))
      return "it is listed in the environment's unmanagedClients";
  }
  if (type === 'resourceServers' && (item.is_system === true || item.identifier === managementApi))
    return 'it is a system API';
  if (type === 'resourceServers' && item.name === MANAGEMENT_API_NAME) return 'it is a system API';
  if (type === 'clientGrants') {
    if (item.is_system === true) return 'it is a system grant';
    const client = String(item.client_id);
    if (context.unmanagedClients.includes(client))
      return "its client is one of the environment's unmanagedClients";
    if (clientIdOf(client) === undefined || clientIdOf(client) === context.deployClientId)
      return 'it belongs to the deploy client or to no application';
  }
  if (type === 'actions' && item.integration) return 'it is a marketplace Action';
  return undefined;
};

/** What the reader is handed for one type: the selected names, or all the first read found. */
const declaredFor = (type: ManagedType, names: readonly string[] | 'none'): unknown => {
  const spec = specOf(type);
  const read = spec?.read;
  if (SETTINGS_TYPES.includes(type)) {
    const parts = read?.kind === 'parts' ? Object.keys(read.parts) : (SETTINGS_PARTS[type] ?? []);
    return Object.fromEntries(parts.map((key) => [key, {}]));
  }
  if (type === 'triggers') return Object.fromEntries((names === 'none' ? [] : names).map((id) => [id, []]));
  if (type === 'actions' || type === 'clientGrants') return [];
  // A type of fixed names (MFA templates, providers) is read one name at a time: ask for all of them.
  const every =
    read?.kind === 'named' ? Object.keys(read.items) : type === 'emailTemplates' ? EMAIL_TEMPLATE_NAMES : [];
  const fields = read?.kind === 'named' ? read.fields : [spec?.key ?? 'name'];
  return (names === 'none' ? every : names).map((name) => {
    const parts = fields.length > 1 ? name.split('/') : [name];
    return Object.fromEntries(fields.map((field, index) => [field, parts[index]]));
  });
};

/** Settings types whose reader reads only the parts tenant.yaml declares: every part. */
const SETTINGS_PARTS: Partial<Record<ManagedType, readonly string[]>> = {
  branding: ['templates'],
  attackProtection: [
    ...['breachedPasswordDetection', 'bruteForceProtection', 'suspiciousIpThrottling', 'botDetection'],
    'captcha',
  ],
};

/** The tenant's resources of each type, in tenant.yaml's terms (grants by client name). */
const resourcesOf = (current: CurrentTenant, type: ManagedType): Resource[] => {
  if (type === 'clientGrants') {
    const clients = current.clients ?? [];
    return (current.clientGrants ?? []).map((grant) =>
      fieldsOf({
        ...grant,
        client_id: clients.find((client) => client.client_id === grant.client_id)?.name ?? grant.client_id,
      }),
    );
  }
  if (type === 'triggers')
    return Object.entries(current.triggers ?? {}).map(([id, bindings]) => ({ id, bindings }));
  const value = (current as Record<string, unknown>)[type];
  if (value === undefined) return [];
  return Array.isArray(value) ? value.map(fieldsOf) : [fieldsOf(value as object)];
};

export interface LiveRead {
  /** Every resource of the selected types the tenant holds, adoptable or not. */
  readonly resources: ReadonlyMap<ManagedType, readonly Resource[]>;
  /** The client ids by name, for grants. */
  readonly clientIdOf: (name: string) => string | undefined;
  /** Settings (or parts of them) the tenant's plan does not offer (403), left out. */
  readonly unavailable: readonly string[];
}

const notOnPlan = (error: unknown): boolean =>
  error instanceof DeployError &&
  /answered 403/.test(error.message) &&
  /plan|not available|operation_not_supported/i.test(error.message);

/**
 * One settings type. A part the tenant's plan lacks answers 403 ("This feature is not available on
 * the tenant's current plan"): the other parts are still adopted, each read alone.
 */
const readSettings = async (
  api: ManagementApi,
  type: ManagedType,
  unavailable: string[],
): Promise<Resource[]> => {
  const declared = declaredFor(type, 'none') as Resource;
  const read = async (parts: Resource) =>
    resourcesOf(await readTenant(api, { [type]: parts } as DesiredTenant), type);
  try {
    return await read(declared);
  } catch (error) {
    if (!notOnPlan(error)) throw error;
  }
  const parts = Object.keys(declared);
  if (type === 'tenant' || parts.length < 2) {
    unavailable.push(type);
    return [];
  }
  const found: Record<string, unknown> = {};
  for (const part of parts) {
    try {
      Object.assign(found, (await read({ [part]: declared[part] }))[0]);
    } catch (error) {
      if (!notOnPlan(error)) throw error;
      unavailable.push(`${type}.${part}`);
    }
  }
  return Object.keys(found).length ? [found] : [];
};

/**
 * Reads every selected type: once with what the selection names, then, for types whose reader reads
 * details by name only, again with every name the first read found. Settings types are read apart.
 */
export const readLive = async (api: ManagementApi, selection: Selection): Promise<LiveRead> => {
  const types = [...selection.keys()].filter((type) => !SETTINGS_TYPES.includes(type));
  const settingsTypes = [...selection.keys()].filter((type) => SETTINGS_TYPES.includes(type));
  const unavailable: string[] = [];
  const settings = Promise.all(
    settingsTypes.map(async (type) => [type, await readSettings(api, type, unavailable)] as const),
  );
  settings.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
  const named = (type: ManagedType): string[] | 'none' => {
    const names = selection.get(type);
    return names === 'all' || names === undefined ? 'none' : [...names];
  };
  const triggerIds =
    selection.get('triggers') === 'all'
      ? ((await api.get('/actions/triggers')).triggers ?? []).map((trigger) => String(trigger.id))
      : undefined;
  const first: Record<string, unknown> = {};
  for (const type of types)
    first[type] = declaredFor(type, triggerIds && type === 'triggers' ? triggerIds : named(type));
  // A trigger's bindings name Actions, which come along with it (see choose.ts).
  if (selection.has('triggers') && !selection.has('actions')) first.actions = [];
  const current = types.length ? await readTenant(api, first as DesiredTenant) : {};
  const second: Record<string, unknown> = {};
  const clientNames = (current.clients ?? []).filter((client) => client.global !== true).map((c) => c.name);
  for (const type of types) {
    if (LISTED_WHOLE.includes(type) || type === 'triggers') continue;
    const names = resourcesOf(current, type).map((item) => nameOf(type, item));
    const wanted = named(type);
    const list = declaredFor(type, wanted === 'none' ? names : wanted.filter((name) => names.includes(name)));
    // Enabled clients are read by name for the clients tenant.yaml names: here, all of them.
    const again =
      type === 'connections' || type === 'databases'
        ? (list as Resource[]).map((item) => ({ ...item, enabled_clients: clientNames }))
        : list;
    // Named in the selection and read with those names already: nothing more to read.
    if (JSON.stringify(again) !== JSON.stringify(first[type])) second[type] = again;
  }
  const details = Object.keys(second).length ? await readTenant(api, second as DesiredTenant) : {};
  const resources = new Map<ManagedType, Resource[]>();
  for (const type of [
    ...types,
    ...(first.actions && !selection.has('actions') ? ['actions' as const] : []),
  ]) {
    resources.set(type, resourcesOf(type in second ? details : current, type));
  }
  for (const [type, items] of await settings) resources.set(type, items);
  const ids = new Map((current.clients ?? []).map((client) => [String(client.name), client.client_id]));
  return { resources, clientIdOf: (name) => ids.get(name), unavailable };
};
