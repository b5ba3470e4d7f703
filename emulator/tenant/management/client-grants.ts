import { badRequest, conflict, json, noContent, notFound, readJsonObject } from '../http.ts';
import type { Route, RouteRequest } from '../router.ts';
import { type ClientGrantRecord, randomId, type TenantState } from '../state.ts';
import {
  findOr404,
  pagedList,
  refuseFields,
  requireFields,
  requireString,
  toJsonObject,
  without,
} from './payload.ts';

// `/api/v2/client-grants`: which client may get tokens for which API, with which scopes. One grant
// per (client, audience); only the scopes can change after creation.

const grantById = ({ tenant, params }: RouteRequest): ClientGrantRecord =>
  findOr404(tenant.state.clientGrants, (grant) => grant.id === params.id, 'client grant');

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
  const defined = new Set(
    (Array.isArray(server?.scopes) ? server.scopes : []).map((entry) =>
      String((entry as { value?: unknown }).value),
    ),
  );
  if (scope.some((value) => !defined.has(value))) {
    throw badRequest('Payload validation error: scope must be a subset of resource server scopes');
  }
};

export const clientGrantRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/client-grants',
    scope: 'read:client_grants',
    handle: ({ tenant, url }) => {
      const audience = url.searchParams.get('audience');
      const clientId = url.searchParams.get('client_id');
      const grants = tenant.state.clientGrants.filter(
        (grant) =>
          (audience === null || grant.audience === audience) &&
          (clientId === null || grant.client_id === clientId),
      );
      return pagedList(grants, url.searchParams, 'client_grants', (grant) => without(grant, []));
    },
  },
  {
    method: 'POST',
    path: '/api/v2/client-grants',
    scope: 'create:client_grants',
    handle: async ({ request, tenant }) => {
      const body = await readJsonObject(request);
      refuseFields(body, ['id']);
      requireFields(body, ['client_id', 'audience', 'scope']);
      const clientId = requireString(body, 'client_id');
      const audience = requireString(body, 'audience');
      const scope = scopeList(body.scope);
      const state = tenant.state;
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
      return json(without(grant, []), 201);
    },
  },
  {
    method: 'PATCH',
    path: '/api/v2/client-grants/:id',
    scope: 'update:client_grants',
    handle: async (input) => {
      const grant = grantById(input);
      const body = await readJsonObject(input.request);
      refuseFields(body, ['id', 'client_id', 'audience']);
      const patch = toJsonObject(body);
      if ('scope' in body) {
        const scope = scopeList(body.scope);
        refuseForeignScopes(input.tenant.state, grant.audience, scope);
        patch.scope = scope;
      }
      Object.assign(grant, patch);
      return json(without(grant, []));
    },
  },
  {
    method: 'DELETE',
    path: '/api/v2/client-grants/:id',
    scope: 'delete:client_grants',
    handle: (input) => {
      const grant = grantById(input);
      input.tenant.state.clientGrants = input.tenant.state.clientGrants.filter(
        (candidate) => candidate !== grant,
      );
      return noContent();
    },
  },
];
