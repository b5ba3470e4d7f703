import { ApiError, conflict, json, noContent, readJsonObject } from '../http.ts';
import type { Route, RouteRequest } from '../router.ts';
import { type ResourceServerRecord, randomId } from '../state.ts';
import { findOr404, pagedList, refuseFields, requireString, toJsonObject, without } from './payload.ts';

// `/api/v2/resource-servers`: APIs. `identifier` (the audience) is unique and fixed once created; the
// Management API itself is listed as a system API that cannot be changed.

const READ_ONLY = ['id', 'identifier', 'is_system'];

const byIdOrIdentifier = ({ tenant, params }: RouteRequest): ResourceServerRecord =>
  findOr404(
    tenant.state.resourceServers,
    (server) => server.id === params.id || server.identifier === params.id,
    'resource server',
  );

const refuseSystem = (server: ResourceServerRecord): void => {
  if (server.is_system) {
    throw new ApiError(
      403,
      'operation_not_supported',
      'You cannot modify or delete a system resource server.',
    );
  }
};

export const resourceServerRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/resource-servers',
    scope: 'read:resource_servers',
    handle: ({ tenant, url }) =>
      pagedList(tenant.state.resourceServers, url.searchParams, 'resource_servers', (server) =>
        without(server, []),
      ),
  },
  {
    method: 'GET',
    path: '/api/v2/resource-servers/:id',
    scope: 'read:resource_servers',
    handle: (input) => json(without(byIdOrIdentifier(input), [])),
  },
  {
    method: 'POST',
    path: '/api/v2/resource-servers',
    scope: 'create:resource_servers',
    handle: async ({ request, tenant }) => {
      const body = await readJsonObject(request);
      refuseFields(body, ['id', 'is_system']);
      const identifier = requireString(body, 'identifier');
      if (tenant.state.resourceServers.some((server) => server.identifier === identifier)) {
        throw conflict(
          'A resource server with the same identifier already exists',
          'operation_not_supported',
        );
      }
      const server: ResourceServerRecord = {
        signing_alg: 'RS256',
        token_lifetime: 86400,
        token_lifetime_for_web: 7200,
        allow_offline_access: false,
        skip_consent_for_verifiable_first_party_clients: false,
        enforce_policies: false,
        token_dialect: 'access_token',
        scopes: [],
        ...toJsonObject(body),
        id: randomId('', 12),
        identifier,
        name: typeof body.name === 'string' ? body.name : identifier,
        is_system: false,
      };
      tenant.state.resourceServers.push(server);
      return json(without(server, []), 201);
    },
  },
  {
    method: 'PATCH',
    path: '/api/v2/resource-servers/:id',
    scope: 'update:resource_servers',
    handle: async (input) => {
      const server = byIdOrIdentifier(input);
      refuseSystem(server);
      const body = await readJsonObject(input.request);
      refuseFields(body, READ_ONLY);
      Object.assign(server, toJsonObject(body));
      return json(without(server, []));
    },
  },
  {
    method: 'DELETE',
    path: '/api/v2/resource-servers/:id',
    scope: 'delete:resource_servers',
    handle: (input) => {
      const server = byIdOrIdentifier(input);
      refuseSystem(server);
      const state = input.tenant.state;
      state.resourceServers = state.resourceServers.filter((candidate) => candidate !== server);
      state.clientGrants = state.clientGrants.filter((grant) => grant.audience !== server.identifier);
      return noContent();
    },
  },
];
