import { changedFields, holdsDeclared, sameSet } from './compare.ts';
import type { DesiredTenant, ManagedType, Resource, TriggerBinding } from './desired-state.ts';
import { planActions } from './plan-actions.ts';
import type { Plan, ResourceChange } from './plan-types.ts';
import type { CurrentTenant } from './read-tenant.ts';

export interface PlanContext {
  /** The deploy's own client: never changed or deleted, like auth0-deploy-cli does. */
  readonly deployClientId?: string;
  readonly domain: string;
  /** Clients (by name) left alone with their grants, as deploy-cli's AUTH0_EXCLUDED_CLIENTS does. */
  readonly unmanagedClients?: readonly string[];
}

const MANAGEMENT_API_NAME = 'Auth0 Management API';

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

const planByKey = (
  type: ManagedType,
  desired: readonly Resource[],
  current: readonly Resource[],
  key: (item: Resource) => string,
  deletable: (item: Resource) => boolean,
  ignored: readonly string[] = [],
): ResourceChange[] => {
  const changes: ResourceChange[] = [];
  for (const item of desired) {
    const found = current.find((candidate) => key(candidate) === key(item));
    if (!found)
      changes.push({ type, name: key(item), kind: 'create', fields: changedFields(item, undefined) });
    else {
      const fields = changedFields(item, found, ignored);
      if (fields.length) changes.push({ type, name: key(item), kind: 'update', fields });
    }
  }
  for (const found of current) {
    if (deletable(found) && !desired.some((item) => key(item) === key(found))) {
      changes.push({ type, name: key(found), kind: 'delete', fields: [] });
    }
  }
  return changes;
};

const planClientGrants = (
  desired: readonly Resource[],
  current: CurrentTenant,
  context: PlanContext,
): ResourceChange[] => {
  // tenant.yaml names a grant's client; the tenant holds its id.
  const clients = current.clients ?? [];
  const nameOf = (id: unknown) => String(clients.find((client) => client.client_id === id)?.name ?? id);
  const unmanaged = context.unmanagedClients ?? [];
  const grants = (current.clientGrants ?? [])
    .filter((grant) => grant.client_id !== context.deployClientId && grant.is_system !== true)
    .map((grant): Resource => ({ ...grant, client_id: nameOf(grant.client_id) }))
    .filter((grant) => !unmanaged.includes(String(grant.client_id)));
  const key = (grant: Resource) => `${String(grant.client_id)} -> ${String(grant.audience)}`;
  const changes = planByKey('clientGrants', desired, grants, key, () => true, ['scope']);
  for (const grant of desired) {
    const found = grants.find((candidate) => key(candidate) === key(grant));
    if (found && !sameSet(grant.scope ?? [], found.scope ?? [])) {
      const existing = changes.find((change) => change.name === key(grant));
      const scope = { field: 'scope', before: found.scope, after: grant.scope };
      if (existing) changes[changes.indexOf(existing)] = { ...existing, fields: [...existing.fields, scope] };
      else changes.push({ type: 'clientGrants', name: key(grant), kind: 'update', fields: [scope] });
    }
  }
  return changes;
};

/**
 * What a deploy would create, change or delete so the tenant holds `desired`, resource by resource.
 * An empty plan means the tenant already matches: deploy then makes no request that writes.
 */
export const planDeploy = (desired: DesiredTenant, current: CurrentTenant, context: PlanContext): Plan => {
  const changes: ResourceChange[] = [];
  if (desired.tenant) {
    const fields = changedFields(desired.tenant, current.tenant);
    if (fields.length) changes.push({ type: 'tenant', name: 'settings', kind: 'update', fields });
  }
  if (desired.actions) changes.push(...planActions(desired.actions, current.actions ?? []));
  if (desired.triggers) changes.push(...planTriggers(desired.triggers, current.triggers ?? {}));
  if (desired.resourceServers) {
    const managementApi = `https://${context.domain}/api/v2/`;
    changes.push(
      ...planByKey(
        'resourceServers',
        desired.resourceServers,
        current.resourceServers ?? [],
        (item) => String(item.identifier),
        (item) =>
          item.is_system !== true && item.name !== MANAGEMENT_API_NAME && item.identifier !== managementApi,
      ),
    );
  }
  const clients = current.clients ?? [];
  if (desired.clients) {
    const notDeployClient = (item: Resource) =>
      (item.client_id === undefined || item.client_id !== context.deployClientId) &&
      !(context.unmanagedClients ?? []).includes(String(item.name));
    changes.push(
      ...planByKey(
        'clients',
        desired.clients,
        clients.filter(notDeployClient),
        (item) => String(item.name),
        (item) => Boolean(item.name),
      ),
    );
  }
  if (desired.clientGrants) changes.push(...planClientGrants(desired.clientGrants, current, context));
  return { changes };
};
