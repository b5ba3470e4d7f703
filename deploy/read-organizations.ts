import type { Management } from 'auth0';
import type { Resource } from './desired-state.ts';
import type { ManagementApi } from './management-api.ts';
import { fieldsOf } from './management-responses.ts';

// Organizations as tenant.yaml writes them (auth0-deploy-cli's YAML): each with its enabled
// connections by connection name, and its client grants by client name. Only the organizations the
// YAML declares are read in full; the others are counted as unmanaged from the list alone.

/** What deploy-cli compares and writes of an enabled connection (its `organizations.connections`). */
const CONNECTION_SETTINGS = [
  'assign_membership_on_login',
  'show_as_button',
  'is_signup_enabled',
  'organization_connection_name',
  'organization_access_level',
  'is_enabled',
] as const;

const readConnections = async (api: ManagementApi, id: string): Promise<Resource[]> => {
  // The path deploy-cli 8.44 reads and writes; `/enabled_connections` lacks the newer settings.
  const path = `/organizations/${encodeURIComponent(id)}/connections` as const;
  const enabled = await api.list(path, 'connections');
  return enabled.map((entry) => {
    const shown: Record<string, unknown> = { name: entry.connection?.name ?? entry.connection_id };
    for (const setting of CONNECTION_SETTINGS)
      if (entry[setting] !== undefined) shown[setting] = entry[setting];
    return shown;
  });
};

const readClientGrants = async (
  api: ManagementApi,
  id: string,
  clients: readonly Management.Client[],
): Promise<Resource[]> => {
  const path = `/organizations/${encodeURIComponent(id)}/client-grants` as const;
  const grants = await api.list(path, 'client_grants');
  return grants.map((grant) => ({
    client_id: clients.find((client) => client.client_id === grant.client_id)?.name ?? grant.client_id,
  }));
};

export const readOrganizations = async (
  api: ManagementApi,
  declared: readonly Resource[],
  clients: Promise<Management.Client[]>,
): Promise<Resource[]> => {
  const organizations = await api.list('/organizations', 'organizations');
  const wanted = new Map(declared.map((organization) => [String(organization.name), organization]));
  return Promise.all(
    organizations.map(async (organization) => {
      const yaml = wanted.get(String(organization.name));
      if (!yaml || organization.id === undefined) return fieldsOf(organization);
      const [connections, clientGrants] = await Promise.all([
        readConnections(api, organization.id),
        yaml.client_grants === undefined ? undefined : readClientGrants(api, organization.id, await clients),
      ]);
      return fieldsOf({
        ...organization,
        connections,
        ...(clientGrants ? { client_grants: clientGrants } : {}),
      });
    }),
  );
};
