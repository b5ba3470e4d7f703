import { Hono } from 'hono';
import { ApiError, badRequest, json, noContent, readJsonObject } from '../http.ts';
import { type ClientRecord, newClientId, newClientSecret } from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { findOr404, pagedList, queryOf, refuseFields, requireString, toJsonObject } from './payload.ts';
import { checkClientFields } from './record-fields.ts';
import type { ClientResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/clients`: applications. The API generates `client_id` and `client_secret`; the secret is
// shown only to callers holding `read:client_keys`, as on a real tenant.

const READ_ONLY = ['client_id', 'tenant', 'global', 'signing_keys', 'callback_url_template', 'owners'];

const defaultGrantTypes = (appType: unknown): string[] =>
  appType === 'non_interactive'
    ? ['client_credentials']
    : ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'];

/** A client with Auth0's defaults for its `app_type`, fresh credentials, and the given fields. */
export const newClientRecord = (
  tenant: TenantContext,
  fields: Partial<ClientRecord> & { name: string },
): ClientRecord => ({
  tenant: tenantName(tenant),
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
  client_id: fields.client_id ?? newClientId(),
  client_secret: fields.client_secret ?? newClientSecret(),
});

const tenantName = (tenant: TenantContext): string => tenant.domain.split('.')[0] ?? tenant.domain;

/**
 * A client as the API shows it. `tenant` is the tenant's name, not something a client stores; the
 * other defaults are Auth0's for a client that never set them (seeded records may omit them).
 */
export const viewClient = (
  tenant: TenantContext,
  client: ClientRecord,
  scopes: ReadonlySet<string>,
): ClientResponse => {
  const { client_secret, ...shown } = structuredClone(client);
  return {
    global: false,
    is_first_party: true,
    callbacks: [],
    ...shown,
    tenant: tenantName(tenant),
    ...(scopes.has('read:client_keys') ? { client_secret } : {}),
  };
};

/** Lists show the global client first, as Auth0 does; `state.clients` holds only applications. */
const allClients = (tenant: TenantContext): ClientRecord[] => [
  tenant.state.globalClient,
  ...tenant.state.clients,
];

const clientById = (c: TenantRequestContext): ClientRecord =>
  findOr404(allClients(c.env.tenant), (client) => client.client_id === c.req.param('id'), 'client');

export const clientRoutes = new Hono<TenantEnv>()
  .get('/clients', requireScope('read:clients'), (c) => {
    const query = queryOf(c);
    const isGlobal = query.get('is_global');
    const clients = allClients(c.env.tenant).filter(
      (client) => isGlobal === null || String(client.global) === isGlobal,
    );
    return pagedList(clients, query, 'clients', (client) =>
      viewClient(c.env.tenant, client, c.get('scopes')),
    );
  })
  .get('/clients/:id', requireScope('read:clients'), (c) =>
    json(viewClient(c.env.tenant, clientById(c), c.get('scopes'))),
  )
  .post('/clients', requireScope('create:clients'), async (c) => {
    const { tenant } = c.env;
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, READ_ONLY);
    const name = requireString(body, 'name');
    checkClientFields(body);
    const client = newClientRecord(tenant, { ...(toJsonObject(body) as Partial<ClientRecord>), name });
    tenant.state.clients.push(client);
    if (tenant.state.settings.flags?.enable_client_connections) {
      for (const connection of tenant.state.connections) connection.enabled_clients.push(client.client_id);
    }
    return json(viewClient(tenant, client, c.get('scopes')), 201);
  })
  .patch('/clients/:id', requireScope('update:clients'), async (c) => {
    const client = clientById(c);
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, READ_ONLY);
    if ('name' in body) requireString(body, 'name');
    checkClientFields(body);
    // The secret's encoding is fixed when the client is created; an update may not send it, and the
    // rest of jwt_configuration is replaced around it (deploy-cli strips it from every update).
    const jwt = body.jwt_configuration as Record<string, unknown> | null | undefined;
    if (jwt && 'secret_encoded' in jwt) {
      throw badRequest(
        "Payload validation error: 'Additional properties not allowed: secret_encoded' on property jwt_configuration.",
      );
    }
    const encoding = client.jwt_configuration?.secret_encoded;
    Object.assign(client, toJsonObject(body));
    if (jwt && encoding !== undefined) {
      client.jwt_configuration = { ...client.jwt_configuration, secret_encoded: encoding };
    }
    return json(viewClient(c.env.tenant, client, c.get('scopes')));
  })
  .delete('/clients/:id', requireScope('delete:clients'), (c) => {
    const client = clientById(c);
    const { state } = c.env.tenant;
    if (client === state.globalClient) {
      throw new ApiError(400, 'operation_not_supported', 'The global client cannot be deleted.');
    }
    state.clients = state.clients.filter((candidate) => candidate !== client);
    // Auth0 removes the client's grants and connection links along with it.
    state.clientGrants = state.clientGrants.filter((grant) => grant.client_id !== client.client_id);
    for (const connection of state.connections) {
      connection.enabled_clients = connection.enabled_clients.filter((id) => id !== client.client_id);
    }
    return noContent();
  });
