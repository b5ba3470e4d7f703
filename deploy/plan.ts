import type { Management } from 'auth0';
import { currentAuthMethods, declaredAuthMethods } from './client-credentials.ts';
import { holdsDeclared } from './compare.ts';
import {
  COLLECTION_TYPES,
  type DesiredTenant,
  type ManagedType,
  type Resource,
  SINGLETON_TYPES,
  type TriggerBinding,
} from './desired-state.ts';
import { fieldsOf } from './management-responses.ts';
import { planActions } from './plan-actions.ts';
import { planCollection, planSingleton } from './plan-table.ts';
import type { Plan, ResourceChange } from './plan-types.ts';
import { identityOf } from './read-by-spec.ts';
import type { CurrentTenant } from './read-tenant.ts';
import { TYPE_SPECS } from './resource-types.ts';

export interface PlanContext {
  /** The deploy's own client: never changed or deleted, like auth0-deploy-cli does. */
  readonly deployClientId?: string;
  readonly domain: string;
  /** Clients (by name) left alone with their grants, as deploy-cli's AUTH0_EXCLUDED_CLIENTS does. */
  readonly unmanagedClients?: readonly string[];
}

const MANAGEMENT_API_NAME = 'Auth0 Management API';
/** When Auth0 stopped running Rules (Rules and Hooks end of life, auth0.com/docs/customize/rules). */
const RULES_END_OF_LIFE = '2026-11-18';

const planTriggers = (
  desired: Readonly<Record<string, readonly TriggerBinding[]>>,
  current: Readonly<Record<string, readonly TriggerBinding[]>>,
): ResourceChange[] =>
  Object.entries(desired)
    .filter(([id, after]) => !holdsDeclared(after, current[id] ?? []))
    .map(([id, after]) => ({
      type: 'triggers',
      name: id,
      kind: 'update',
      fields: [],
      bindings: { before: current[id] ?? [], after },
    }));

/** tenant.yaml names a grant's client; the tenant holds its id. */
const grantsByClientName = (current: CurrentTenant, context: PlanContext): Resource[] => {
  const clients = current.clients ?? [];
  const nameOf = (id: string | undefined) =>
    String(clients.find((client) => client.client_id === id)?.name ?? id);
  const unmanaged = context.unmanagedClients ?? [];
  return (current.clientGrants ?? [])
    .filter((grant) => grant.client_id !== context.deployClientId && grant.is_system !== true)
    .map((grant) => fieldsOf({ ...grant, client_id: nameOf(grant.client_id) }))
    .filter((grant) => !unmanaged.includes(String(grant.client_id)));
};

const enabledRuleWarning = (current: CurrentTenant, changes: readonly ResourceChange[]): string[] => {
  const enabled = (current.rules ?? [])
    .filter((rule) => rule.enabled !== false)
    .map((rule) => String(rule.name));
  if (!enabled.length) return [];
  const deleting = enabled.filter((name) =>
    changes.some((change) => change.type === 'rules' && change.kind === 'delete' && change.name === name),
  );
  const next = deleting.length
    ? 'this plan deletes them; deploy with --allow-delete'
    : 'list them under rules in tenant/deletions.yaml and deploy with --allow-delete';
  return [
    `the tenant still runs ${enabled.length} enabled Rule(s): ${capList(enabled)}; Rules reached end of life on ${RULES_END_OF_LIFE}, so ${next}`,
  ];
};

/** Retired types the tenant still holds (Rules have their own warning above). */
const retiredTypeWarnings = (current: CurrentTenant, changes: readonly ResourceChange[]): string[] =>
  COLLECTION_TYPES.flatMap((type) => {
    const retired = TYPE_SPECS[type].retired;
    const held = (current[type] ?? []).map(identityOf(TYPE_SPECS[type]));
    const kept = held.filter(
      (name) =>
        !changes.some((change) => change.type === type && change.kind === 'delete' && change.name === name),
    );
    if (type === 'rules' || !retired || !kept.length) return [];
    return [
      `the tenant still holds ${kept.length} ${type}: ${capList(kept)}; Auth0 retired ${retired.what} on ${retired.since} (${retired.source}), so list them under ${type} in tenant/deletions.yaml and deploy with --allow-delete`,
    ];
  });

/** A list for one message line: the first few names, then how many more. */
export const capList = (names: readonly string[], max = 5): string =>
  names.length > max ? `${names.slice(0, max).join(', ')} and ${names.length - max} more` : names.join(', ');

/**
 * What a deploy would create, change or delete so the tenant holds `desired`, resource by resource.
 * An empty plan means the tenant already matches: deploy then makes no request that writes.
 */
export const planDeploy = (desired: DesiredTenant, current: CurrentTenant, context: PlanContext): Plan => {
  const changes: ResourceChange[] = [];
  const unmanaged: Partial<Record<ManagedType, number>> = {};
  const deletions = (type: ManagedType) => desired.deletions?.[type] ?? [];
  const collect = (type: ManagedType, planned: { changes: ResourceChange[]; unmanaged: number }) => {
    changes.push(...planned.changes);
    if (planned.unmanaged) unmanaged[type] = planned.unmanaged;
  };
  if (desired.tenant)
    changes.push(
      ...planSingleton('tenant', desired.tenant, current.tenant ? fieldsOf(current.tenant) : undefined),
    );
  if (desired.actions)
    collect('actions', planActions(desired.actions, current.actions ?? [], deletions('actions')));
  if (desired.triggers) changes.push(...planTriggers(desired.triggers, current.triggers ?? {}));
  if (desired.resourceServers) {
    const managementApi = `https://${context.domain}/api/v2/`;
    const notSystem = (item: Management.ResourceServer) =>
      item.is_system !== true && item.name !== MANAGEMENT_API_NAME && item.identifier !== managementApi;
    const servers = (current.resourceServers ?? []).filter(notSystem).map(fieldsOf);
    collect(
      'resourceServers',
      planCollection('resourceServers', desired.resourceServers, servers, deletions('resourceServers')),
    );
  }
  if (desired.clients) {
    // The deploy client and the environment's unmanaged clients can never be deleted, even by name.
    const protectedClient = (item: Management.Client) =>
      (item.client_id !== undefined && item.client_id === context.deployClientId) ||
      (context.unmanagedClients ?? []).includes(String(item.name));
    const clients = current.clients ?? [];
    const credentials = current.clientCredentials ?? {};
    const planned = planCollection(
      'clients',
      desired.clients.map(declaredAuthMethods),
      clients
        .filter((item) => !protectedClient(item))
        .map((item) => currentAuthMethods(fieldsOf(item), credentials[String(item.name)])),
      deletions('clients'),
    );
    collect('clients', { ...planned, unmanaged: planned.unmanaged + clients.filter(protectedClient).length });
  }
  if (desired.clientGrants) {
    const key = (grant: Resource) => `${String(grant.client_id)} -> ${String(grant.audience)}`;
    const grants = grantsByClientName(current, context);
    collect(
      'clientGrants',
      planCollection('clientGrants', desired.clientGrants, grants, deletions('clientGrants'), { key }),
    );
  }
  for (const type of COLLECTION_TYPES) {
    const declared = desired[type];
    // Rules (and retired types listed for deletion) are read even when undeclared: retiring them
    // needs only the deletion list.
    if (declared || type === 'rules' || (TYPE_SPECS[type].retired && current[type]))
      collect(type, planCollection(type, declared ?? [], current[type] ?? [], deletions(type)));
  }
  for (const type of SINGLETON_TYPES) {
    const declared = desired[type];
    if (declared) changes.push(...planSingleton(type, declared, current[type]));
  }
  const warnings = [
    ...enabledRuleWarning(current, changes),
    ...retiredTypeWarnings(current, changes),
    ...(desired.notices ?? []),
  ];
  return {
    changes,
    ...(Object.keys(unmanaged).length ? { unmanaged } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
};
