import type { Management } from 'auth0';
import { clientsWithCredentials, readClientCredentials } from './client-credentials.ts';
import type { DesiredTenant, TriggerBinding } from './desired-state.ts';
import type { ManagementApi } from './management-api.ts';
import { readTableTypes, type TableState } from './read-table.ts';

/**
 * The tenant's current state, for the resource types tenant.yaml manages (and what they refer to),
 * typed as the auth0 SDK types the Management API's answers.
 */
export interface CurrentTenant extends TableState {
  readonly tenant?: Management.GetTenantSettingsResponseContent;
  readonly actions?: readonly Management.Action[];
  readonly triggers?: Readonly<Record<string, readonly TriggerBinding[]>>;
  readonly resourceServers?: readonly Management.ResourceServer[];
  readonly clients?: readonly Management.Client[];
  readonly clientGrants?: readonly Management.ClientGrantResponseContent[];
  /** By client name, the credentials of the clients tenant.yaml declares credentials for. */
  readonly clientCredentials?: Readonly<Record<string, readonly Management.ClientCredential[]>>;
}

const readBindings = async (api: ManagementApi, triggerId: string): Promise<TriggerBinding[]> => {
  const path = `/actions/triggers/${encodeURIComponent(triggerId)}/bindings` as const;
  const bindings = await api.list(path, 'bindings');
  return bindings.map((binding) => ({
    action_name: binding.action?.name ?? '',
    display_name: binding.display_name ?? '',
  }));
};

/**
 * Reads, in parallel and only with GETs, what `desired` would be compared against. The first read
 * that fails fails them all, and stops the others: left running, their retries went on reaching the
 * tenant for seconds after the command had given up on it.
 */
export const readTenant = async (api: ManagementApi, desired: DesiredTenant): Promise<CurrentTenant> => {
  const reads = new AbortController();
  try {
    return await readAll(api.withSignal(reads.signal), desired);
  } catch (error) {
    reads.abort();
    throw error;
  }
};

const readAll = async (api: ManagementApi, desired: DesiredTenant): Promise<CurrentTenant> => {
  const wantsClients =
    desired.clients !== undefined ||
    desired.clientGrants !== undefined ||
    desired.databases !== undefined ||
    desired.connections !== undefined;
  const clientList = wantsClients
    ? api
        .list('/clients', 'clients', { is_global: 'false' })
        .then((all) => all.filter((c) => c.global !== true))
    : undefined;
  clientList?.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
  const withCredentials = clientsWithCredentials(desired.clients);
  const [tenant, actions, triggers, resourceServers, clients, clientGrants, table, credentials] =
    await Promise.all([
      desired.tenant ? api.get('/tenants/settings') : undefined,
      desired.actions ? api.list('/actions/actions', 'actions') : undefined,
      desired.triggers
        ? Promise.all(
            Object.keys(desired.triggers).map(async (id) => [id, await readBindings(api, id)] as const),
          ).then(Object.fromEntries)
        : undefined,
      desired.resourceServers ? api.list('/resource-servers', 'resource_servers') : undefined,
      clientList,
      desired.clientGrants ? api.list('/client-grants', 'client_grants') : undefined,
      readTableTypes(api, desired, clientList ?? Promise.resolve([])),
      withCredentials.length && clientList
        ? clientList.then((all) => readClientCredentials(api, withCredentials, all))
        : undefined,
    ]);
  return {
    ...table,
    ...(tenant ? { tenant } : {}),
    ...(actions ? { actions } : {}),
    ...(triggers ? { triggers } : {}),
    ...(resourceServers ? { resourceServers } : {}),
    ...(clients ? { clients } : {}),
    ...(clientGrants ? { clientGrants } : {}),
    ...(credentials ? { clientCredentials: credentials } : {}),
  };
};
