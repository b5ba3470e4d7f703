import { json, noContent, readJsonObject } from '../http.ts';
import type { Route, RouteRequest, TenantContext } from '../router.ts';
import { type ClientRecord, type JsonObject, newClientId, newClientSecret } from '../state.ts';
import { findOr404, pagedList, refuseFields, requireString, toJsonObject, without } from './payload.ts';

// `/api/v2/clients`: applications. The API generates `client_id` and `client_secret`; the secret is
// shown only to callers holding `read:client_keys`, as on a real tenant.

const READ_ONLY = ['client_id', 'tenant', 'global', 'signing_keys', 'callback_url_template', 'owners'];

const defaultGrantTypes = (appType: unknown): string[] =>
  appType === 'non_interactive'
    ? ['client_credentials']
    : ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'];

/** A client with Auth0's defaults for its `app_type`, fresh credentials, and the given fields. */
export const newClientRecord = (tenant: TenantContext, fields: JsonObject): ClientRecord => ({
  tenant: tenant.domain.split('.')[0] ?? tenant.domain,
  global: false,
  is_first_party: true,
  oidc_conformant: true,
  callbacks: [],
  allowed_origins: [],
  web_origins: [],
  allowed_logout_urls: [],
  grant_types: defaultGrantTypes(fields.app_type),
  token_endpoint_auth_method: fields.app_type === 'spa' ? 'none' : 'client_secret_post',
  jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000, secret_encoded: false },
  ...fields,
  name: String(fields.name),
  client_id: typeof fields.client_id === 'string' ? fields.client_id : newClientId(),
  client_secret: typeof fields.client_secret === 'string' ? fields.client_secret : newClientSecret(),
});

const view = (client: ClientRecord, scopes: ReadonlySet<string>): JsonObject =>
  scopes.has('read:client_keys') ? without(client, []) : without(client, ['client_secret']);

const clientById = ({ tenant, params }: RouteRequest): ClientRecord =>
  findOr404(tenant.state.clients, (client) => client.client_id === params.id, 'client');

export const clientRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/clients',
    scope: 'read:clients',
    handle: ({ tenant, url, scopes }) => {
      const isGlobal = url.searchParams.get('is_global');
      const clients = tenant.state.clients.filter(
        (client) => isGlobal === null || String(client.global) === isGlobal,
      );
      return pagedList(clients, url.searchParams, 'clients', (client) => view(client, scopes));
    },
  },
  {
    method: 'GET',
    path: '/api/v2/clients/:id',
    scope: 'read:clients',
    handle: (input) => json(view(clientById(input), input.scopes)),
  },
  {
    method: 'POST',
    path: '/api/v2/clients',
    scope: 'create:clients',
    handle: async ({ request, tenant, scopes }) => {
      const body = await readJsonObject(request);
      refuseFields(body, READ_ONLY);
      requireString(body, 'name');
      const client = newClientRecord(tenant, toJsonObject(body));
      tenant.state.clients.push(client);
      if (
        tenant.state.settings.flags &&
        (tenant.state.settings.flags as JsonObject).enable_client_connections
      ) {
        for (const connection of tenant.state.connections) connection.enabled_clients.push(client.client_id);
      }
      return json(view(client, scopes), 201);
    },
  },
  {
    method: 'PATCH',
    path: '/api/v2/clients/:id',
    scope: 'update:clients',
    handle: async (input) => {
      const client = clientById(input);
      const body = await readJsonObject(input.request);
      refuseFields(body, READ_ONLY);
      if ('name' in body) requireString(body, 'name');
      Object.assign(client, toJsonObject(body));
      return json(view(client, input.scopes));
    },
  },
  {
    method: 'DELETE',
    path: '/api/v2/clients/:id',
    scope: 'delete:clients',
    handle: (input) => {
      const client = clientById(input);
      const state = input.tenant.state;
      state.clients = state.clients.filter((candidate) => candidate !== client);
      // Auth0 removes the client's grants and connection links along with it.
      state.clientGrants = state.clientGrants.filter((grant) => grant.client_id !== client.client_id);
      for (const connection of state.connections) {
        connection.enabled_clients = connection.enabled_clients.filter((id) => id !== client.client_id);
      }
      return noContent();
    },
  },
];
