import type { DesiredTenant, Resource, TriggerBinding } from './desired-state.ts';
import type { ManagementApi } from './management-api.ts';

/** The tenant's current state, for the resource types tenant.yaml manages (and what they refer to). */
export interface CurrentTenant {
  readonly tenant?: Resource;
  readonly actions?: readonly Resource[];
  readonly triggers?: Readonly<Record<string, readonly TriggerBinding[]>>;
  readonly resourceServers?: readonly Resource[];
  readonly clients?: readonly Resource[];
  readonly clientGrants?: readonly Resource[];
}

const readBindings = async (api: ManagementApi, triggerId: string): Promise<TriggerBinding[]> => {
  const bindings = await api.list(`/actions/triggers/${encodeURIComponent(triggerId)}/bindings`, 'bindings');
  return bindings.map((binding) => ({
    action_name: String((binding.action as Resource | undefined)?.name ?? ''),
    display_name: String(binding.display_name ?? ''),
  }));
};

/** Reads, in parallel and only with GETs, what `desired` would be compared against. */
export const readTenant = async (api: ManagementApi, desired: DesiredTenant): Promise<CurrentTenant> => {
  const wantsClients = desired.clients !== undefined || desired.clientGrants !== undefined;
  const [tenant, actions, triggers, resourceServers, clients, clientGrants] = await Promise.all([
    desired.tenant ? (api.get('/tenants/settings') as Promise<Resource>) : undefined,
    desired.actions ? api.list('/actions/actions', 'actions') : undefined,
    desired.triggers
      ? Promise.all(
          Object.keys(desired.triggers).map(async (id) => [id, await readBindings(api, id)] as const),
        ).then(Object.fromEntries)
      : undefined,
    desired.resourceServers ? api.list('/resource-servers', 'resource_servers') : undefined,
    wantsClients
      ? api
          .list('/clients', 'clients', { is_global: 'false' })
          .then((all) => all.filter((c) => c.global !== true))
      : undefined,
    desired.clientGrants ? api.list('/client-grants', 'client_grants') : undefined,
  ]);
  return {
    ...(tenant ? { tenant } : {}),
    ...(actions ? { actions } : {}),
    ...(triggers ? { triggers } : {}),
    ...(resourceServers ? { resourceServers } : {}),
    ...(clients ? { clients } : {}),
    ...(clientGrants ? { clientGrants } : {}),
  };
};
