import { Hono } from 'hono';
import { ApiError, conflict, json, noContent, readJsonObject } from '../http.ts';
import { type ResourceServerRecord, randomId } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { findOr404, pagedList, queryOf, refuseFields, requireString, toJsonObject } from './payload.ts';
import { checkResourceServerFields } from './record-fields.ts';
import type { ResourceServerResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/resource-servers`: APIs. `identifier` (the audience) is unique and fixed once created; the
// Management API itself is listed as a system API that cannot be changed.

const READ_ONLY = ['id', 'identifier', 'is_system'];

/** What Auth0 gives an API created without these settings. */
const DEFAULTS = {
  signing_alg: 'RS256',
  token_lifetime: 86400,
  token_lifetime_for_web: 7200,
  allow_offline_access: false,
  skip_consent_for_verifiable_first_party_clients: false,
  enforce_policies: false,
  token_dialect: 'access_token',
  scopes: [],
} as const satisfies Partial<ResourceServerRecord>;

/** An API as the Management API shows it; seeded records get the defaults they left out. */
export const viewResourceServer = (server: ResourceServerRecord): ResourceServerResponse => ({
  ...structuredClone(DEFAULTS),
  is_system: false,
  ...structuredClone(server),
});

const byIdOrIdentifier = (c: TenantRequestContext): ResourceServerRecord => {
  const id = c.req.param('id');
  return findOr404(
    c.env.tenant.state.resourceServers,
    (server) => server.id === id || server.identifier === id,
    'resource server',
  );
};

const refuseSystem = (server: ResourceServerRecord): void => {
  if (server.is_system) {
    throw new ApiError(
      403,
      'operation_not_supported',
      'You cannot modify or delete a system resource server.',
    );
  }
};

export const resourceServerRoutes = new Hono<TenantEnv>()
  .get('/resource-servers', requireScope('read:resource_servers'), (c) =>
    pagedList(c.env.tenant.state.resourceServers, queryOf(c), 'resource_servers', viewResourceServer),
  )
  .get('/resource-servers/:id', requireScope('read:resource_servers'), (c) =>
    json(viewResourceServer(byIdOrIdentifier(c))),
  )
  .post('/resource-servers', requireScope('create:resource_servers'), async (c) => {
    const { state } = c.env.tenant;
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, ['id', 'is_system']);
    const identifier = requireString(body, 'identifier');
    checkResourceServerFields(body);
    if (state.resourceServers.some((server) => server.identifier === identifier)) {
      throw conflict('A resource server with the same identifier already exists', 'operation_not_supported');
    }
    const server: ResourceServerRecord = {
      ...structuredClone(DEFAULTS),
      ...toJsonObject(body),
      id: randomId('', 12),
      identifier,
      name: typeof body.name === 'string' ? body.name : identifier,
      is_system: false,
    };
    state.resourceServers.push(server);
    return json(viewResourceServer(server), 201);
  })
  .patch('/resource-servers/:id', requireScope('update:resource_servers'), async (c) => {
    const server = byIdOrIdentifier(c);
    refuseSystem(server);
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, READ_ONLY);
    checkResourceServerFields(body);
    Object.assign(server, toJsonObject(body));
    return json(viewResourceServer(server));
  })
  .delete('/resource-servers/:id', requireScope('delete:resource_servers'), (c) => {
    const server = byIdOrIdentifier(c);
    refuseSystem(server);
    const { state } = c.env.tenant;
    state.resourceServers = state.resourceServers.filter((candidate) => candidate !== server);
    state.clientGrants = state.clientGrants.filter((grant) => grant.audience !== server.identifier);
    return noContent();
  });
