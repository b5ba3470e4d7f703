import { badRequest, conflict, json, noContent, readJsonObject } from '../http.ts';
import type { Route, RouteRequest } from '../router.ts';
import { type ConnectionRecord, randomId } from '../state.ts';
import { findOr404, pagedList, refuseFields, requireString, toJsonObject, without } from './payload.ts';

// `/api/v2/connections`: identity sources. The tenant starts with the default database connection;
// which clients may use a connection is kept on the connection, readable both the classic way
// (`enabled_clients`) and through `/connections/{id}/clients`.

const connectionById = ({ tenant, params }: RouteRequest): ConnectionRecord =>
  findOr404(tenant.state.connections, (connection) => connection.id === params.id, 'connection');

export const connectionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/connections',
    scope: 'read:connections',
    handle: ({ tenant, url }) => {
      const strategies = url.searchParams.getAll('strategy');
      const name = url.searchParams.get('name');
      const connections = tenant.state.connections.filter(
        (connection) =>
          (strategies.length === 0 || strategies.includes(connection.strategy)) &&
          (name === null || connection.name === name),
      );
      return pagedList(connections, url.searchParams, 'connections', (connection) => without(connection, []));
    },
  },
  {
    method: 'GET',
    path: '/api/v2/connections/:id',
    scope: 'read:connections',
    handle: (route) => json(without(connectionById(route), [])),
  },
  {
    method: 'POST',
    path: '/api/v2/connections',
    scope: 'create:connections',
    handle: async ({ request, tenant }) => {
      const body = await readJsonObject(request);
      refuseFields(body, ['id']);
      const name = requireString(body, 'name');
      const strategy = requireString(body, 'strategy');
      if (tenant.state.connections.some((connection) => connection.name === name)) {
        throw conflict('A connection with the same name already exists', 'connection_conflicts');
      }
      const enabled = Array.isArray(body.enabled_clients) ? body.enabled_clients.map(String) : [];
      const connection: ConnectionRecord = {
        options: {},
        ...toJsonObject(body),
        id: randomId('con_'),
        name,
        strategy,
        enabled_clients: enabled,
      };
      tenant.state.connections.push(connection);
      return json(without(connection, []), 201);
    },
  },
  {
    method: 'PATCH',
    path: '/api/v2/connections/:id',
    scope: 'update:connections',
    handle: async (route) => {
      const connection = connectionById(route);
      const body = await readJsonObject(route.request);
      refuseFields(body, ['id', 'name', 'strategy']);
      Object.assign(connection, toJsonObject(body));
      if (!Array.isArray(connection.enabled_clients)) connection.enabled_clients = [];
      return json(without(connection, []));
    },
  },
  {
    method: 'DELETE',
    path: '/api/v2/connections/:id',
    scope: 'delete:connections',
    handle: (route) => {
      const connection = connectionById(route);
      route.tenant.state.connections = route.tenant.state.connections.filter(
        (candidate) => candidate !== connection,
      );
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/api/v2/connections/:id/clients',
    scope: 'read:connections',
    handle: (route) =>
      json({ clients: connectionById(route).enabled_clients.map((clientId) => ({ client_id: clientId })) }),
  },
  {
    method: 'PATCH',
    path: '/api/v2/connections/:id/clients',
    scope: 'update:connections',
    handle: async (route) => {
      const connection = connectionById(route);
      const body: unknown = JSON.parse((await route.request.text()) || 'null');
      if (!Array.isArray(body))
        throw badRequest('Payload validation error: expected an array of { client_id, status }.');
      for (const entry of body as Array<{ client_id?: unknown; status?: unknown }>) {
        const clientId = String(entry.client_id);
        const rest = connection.enabled_clients.filter((id) => id !== clientId);
        connection.enabled_clients = entry.status === true ? [...rest, clientId] : rest;
      }
      return noContent();
    },
  },
];
