import { Hono } from 'hono';
import { badRequest, conflict, json, noContent, readJson, readJsonObject } from '../http.ts';
import { type ConnectionRecord, randomId } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { findOr404, pagedList, queryOf, refuseFields, requireString, toJsonObject } from './payload.ts';
import type { ConnectionClientsResponse, ConnectionResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/connections`: identity sources. The tenant starts with the default database connection;
// which clients may use a connection is kept on the connection, readable both the classic way
// (`enabled_clients`) and through `/connections/{id}/clients`.

const connectionById = (c: TenantRequestContext): ConnectionRecord =>
  findOr404(
    c.env.tenant.state.connections,
    (connection) => connection.id === c.req.param('id'),
    'connection',
  );

/** `created_at` is the tenant's own bookkeeping: Auth0's connection answers have no such field. */
const viewConnection = ({ created_at: _created, ...connection }: ConnectionRecord): ConnectionResponse =>
  structuredClone(connection);

const viewEnabledClients = (connection: ConnectionRecord): ConnectionClientsResponse => ({
  clients: connection.enabled_clients.map((clientId) => ({ client_id: clientId })),
});

export const connectionRoutes = new Hono<TenantEnv>()
  .get('/connections', requireScope('read:connections'), (c) => {
    const query = queryOf(c);
    const strategies = query.getAll('strategy');
    const name = query.get('name');
    const connections = c.env.tenant.state.connections.filter(
      (connection) =>
        (strategies.length === 0 || strategies.includes(connection.strategy)) &&
        (name === null || connection.name === name),
    );
    return pagedList(connections, query, 'connections', viewConnection);
  })
  .get('/connections/:id', requireScope('read:connections'), (c) => json(viewConnection(connectionById(c))))
  .post('/connections', requireScope('create:connections'), async (c) => {
    const { state } = c.env.tenant;
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, ['id']);
    const name = requireString(body, 'name');
    const strategy = requireString(body, 'strategy');
    if (state.connections.some((connection) => connection.name === name)) {
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
    state.connections.push(connection);
    return json(viewConnection(connection), 201);
  })
  .patch('/connections/:id', requireScope('update:connections'), async (c) => {
    const connection = connectionById(c);
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, ['id', 'name', 'strategy']);
    Object.assign(connection, toJsonObject(body));
    if (!Array.isArray(connection.enabled_clients)) connection.enabled_clients = [];
    return json(viewConnection(connection));
  })
  .delete('/connections/:id', requireScope('delete:connections'), (c) => {
    const connection = connectionById(c);
    const { state } = c.env.tenant;
    state.connections = state.connections.filter((candidate) => candidate !== connection);
    return noContent();
  })
  .get('/connections/:id/clients', requireScope('read:connections'), (c) =>
    json(viewEnabledClients(connectionById(c))),
  )
  .patch('/connections/:id/clients', requireScope('update:connections'), async (c) => {
    const connection = connectionById(c);
    const body = await readJson(c.req.raw);
    if (!Array.isArray(body))
      throw badRequest('Payload validation error: expected an array of { client_id, status }.');
    for (const entry of body as Array<{ client_id?: unknown; status?: unknown }>) {
      const clientId = String(entry.client_id);
      const rest = connection.enabled_clients.filter((id) => id !== clientId);
      connection.enabled_clients = entry.status === true ? [...rest, clientId] : rest;
    }
    return noContent();
  });
