import { Hono } from 'hono';
import { badRequest, conflict, json, noContent, notFound, readJsonObject } from '../http.ts';
import { type ClientGrantRecord, randomId, type TenantState } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import {
  findOr404,
  pagedList,
  queryOf,
  refuseFields,
  requireFields,
  requireString,
  toJsonObject,
} from './payload.ts';
import type { ClientGrantResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/client-grants`: which client may get tokens for which API, with which scopes. One grant
// per (client, audience); only the scopes can change after creation.

const grantById = (c: TenantRequestContext): ClientGrantRecord =>
  findOr404(c.env.tenant.state.clientGrants, (grant) => grant.id === c.req.param('id'), 'client grant');

const viewGrant = (grant: ClientGrantRecord): ClientGrantResponse => structuredClone(grant);

const scopeList = (value: unknown): string[] => {
  if (!Array.isArray(value) || value.some((scope) => typeof scope !== 'string')) {
    throw badRequest(
      "Payload validation error: 'Expected type array but found type string' on property scope.",
    );
  }
  return value as string[];
};

/**
 * Auth0 refuses a grant of scopes the API does not define, with this message (measured by the team,
 * shared/AUTH0-FACTS.md; Management API "Create client grant",
 * https://auth0.com/docs/api/management/v2/client-grants/post-client-grants).
 */
const refuseForeignScopes = (state: TenantState, audience: string, scope: readonly string[]): void => {
  const server = state.resourceServers.find((candidate) => candidate.identifier === audience);
  const defined = new Set((server?.scopes ?? []).map((entry) => entry.value));
  if (scope.some((value) => !defined.has(value))) {
    throw badRequest('Payload validation error: scope must be a subset of resource server scopes');
  }
};

export const clientGrantRoutes = new Hono<TenantEnv>()
  .get('/client-grants', requireScope('read:client_grants'), (c) => {
    const query = queryOf(c);
    const audience = query.get('audience');
    const clientId = query.get('client_id');
    const grants = c.env.tenant.state.clientGrants.filter(
      (grant) =>
        (audience === null || grant.audience === audience) &&
        (clientId === null || grant.client_id === clientId),
    );
    return pagedList(grants, query, 'client_grants', viewGrant);
  })
  .post('/client-grants', requireScope('create:client_grants'), async (c) => {
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, ['id']);
    requireFields(body, ['client_id', 'audience', 'scope']);
    const clientId = requireString(body, 'client_id');
    const audience = requireString(body, 'audience');
    const scope = scopeList(body.scope);
    const { state } = c.env.tenant;
    if (!state.clients.some((client) => client.client_id === clientId)) {
      throw notFound(`Client not found: ${clientId}`);
    }
    if (!state.resourceServers.some((server) => server.identifier === audience)) {
      throw notFound(`No resource server found by identifier: ${audience}`);
    }
    refuseForeignScopes(state, audience, scope);
    if (state.clientGrants.some((grant) => grant.client_id === clientId && grant.audience === audience)) {
      throw conflict('A client grant for this client and audience already exists.');
    }
    const grant: ClientGrantRecord = {
      ...toJsonObject(body),
      id: randomId('cgr_'),
      client_id: clientId,
      audience,
      scope,
    };
    state.clientGrants.push(grant);
    return json(viewGrant(grant), 201);
  })
  .patch('/client-grants/:id', requireScope('update:client_grants'), async (c) => {
    const grant = grantById(c);
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, ['id', 'client_id', 'audience']);
    const patch = toJsonObject(body);
    if ('scope' in body) {
      const scope = scopeList(body.scope);
      refuseForeignScopes(c.env.tenant.state, grant.audience, scope);
      patch.scope = scope;
    }
    Object.assign(grant, patch);
    return json(viewGrant(grant));
  })
  .delete('/client-grants/:id', requireScope('delete:client_grants'), (c) => {
    const grant = grantById(c);
    const { state } = c.env.tenant;
    state.clientGrants = state.clientGrants.filter((candidate) => candidate !== grant);
    return noContent();
  });
