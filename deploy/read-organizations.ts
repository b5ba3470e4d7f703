import type { Management } from 'auth0';
import type { Resource } from './desired-state.ts';
import type { ManagementApi } from './management-api.ts';
import { fieldsOf } from './management-responses.ts';

// Organizations as tenant.yaml writes them (auth0-deploy-cli's YAML): each with its enabled
// connections by connection name, its client grants and applications by client name, and its
// discovery domains. Only the organizations the
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

/** Discovery domains as deploy-cli's YAML has them: Auth0's id and DNS challenge are its own. */
const readDiscoveryDomains = async (api: ManagementApi, id: string): Promise<Resource[]> => {
  const path = `/organizations/${encodeURIComponent(id)}/discovery-domains` as const;
  const domains = await api.list(path, 'domains');
  return domains.map(({ domain, status, use_for_organization_discovery }) => ({
    domain,
    status,
    ...(use_for_organization_discovery === undefined ? {} : { use_for_organization_discovery }),
  }));
};

/** The applications associated with the organization, by client name. */
const readClients = async (
  api: ManagementApi,
  id: string,
  clients: readonly Management.Client[],
): Promise<Resource[]> => {
  const path = `/organizations/${encodeURIComponent(id)}/clients` as const;
  const associations = await api.list(path, 'clients');
  return associations.map((association) => ({
    client_id:
      clients.find((client) => client.client_id === association.client_id)?.name ?? association.client_id,
    use_for_member_access: association.use_for_member_access,
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
      const id = organization.id;
      // Discovery domains and applications only when declared: both are newer features a tenant may lack.
      const [connections, clientGrants, discoveryDomains, apps] = await Promise.all([
        readConnections(api, id),
        yaml.client_grants === undefined ? undefined : readClientGrants(api, id, await clients),
        yaml.discovery_domains === undefined ? undefined : readDiscoveryDomains(api, id),
        yaml.clients === undefined ? undefined : readClients(api, id, await clients),
      ]);
      return fieldsOf({
        ...organization,
        connections,
        ...(clientGrants ? { client_grants: clientGrants } : {}),
        ...(discoveryDomains ? { discovery_domains: discoveryDomains } : {}),
        ...(apps ? { clients: apps } : {}),
      });
    }),
  );
};
