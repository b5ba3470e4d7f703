import { Hono } from 'hono';
import { type RolePermission, type RoleRecord, rolesOfUser } from '../feature-state.ts';
import { badRequest, conflict, json, noContent, readJsonObject } from '../http.ts';
import { randomId } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { findOr404, pagedList, queryOf, refuseFields, requireString } from './payload.ts';
import type { RolePermissionResponse, RoleResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/roles`: tenant roles, their permissions on APIs, and which users hold them. A permission
// names one of an API's scopes; a role's users get it through RBAC (`enforce_policies`).

const roleById = (c: TenantRequestContext): RoleRecord =>
  findOr404(c.env.tenant.state.features.roles, (role) => role.id === c.req.param('id'), 'role');

const view = (role: RoleRecord): RoleResponse => ({
  id: role.id,
  name: role.name,
  description: role.description,
});

const viewPermission = (c: TenantRequestContext, permission: RolePermission): RolePermissionResponse => {
  const server = c.env.tenant.state.resourceServers.find(
    (candidate) => candidate.identifier === permission.resource_server_identifier,
  );
  const scope = server?.scopes?.find((candidate) => candidate.value === permission.permission_name);
  return {
    ...permission,
    resource_server_name: server?.name ?? '',
    description: scope?.description ?? '',
  };
};

/** Each permission must be a scope of an API on the tenant, as Auth0 checks. */
const readPermissions = async (c: TenantRequestContext): Promise<RolePermission[]> => {
  const body = await readJsonObject(c.req.raw);
  if (!Array.isArray(body.permissions)) {
    throw badRequest("Payload validation error: 'Missing required property: permissions'.");
  }
  return (body.permissions as Array<Record<string, unknown>>).map((entry) => {
    const permission = {
      permission_name: String(entry.permission_name ?? ''),
      resource_server_identifier: String(entry.resource_server_identifier ?? ''),
    };
    const server = c.env.tenant.state.resourceServers.find(
      (candidate) => candidate.identifier === permission.resource_server_identifier,
    );
    if (!server) {
      throw badRequest(`Resource server "${permission.resource_server_identifier}" does not exist`);
    }
    if (!(server.scopes ?? []).some((scope) => scope.value === permission.permission_name)) {
      throw badRequest(
        `Permission "${permission.permission_name}" does not exist on resource server "${permission.resource_server_identifier}"`,
      );
    }
    return permission;
  });
};

const samePermission = (a: RolePermission, b: RolePermission) =>
  a.permission_name === b.permission_name && a.resource_server_identifier === b.resource_server_identifier;

export const roleRoutes = new Hono<TenantEnv>()
  .get('/roles', requireScope('read:roles'), (c) => {
    const query = queryOf(c);
    const filter = query.get('name_filter')?.toLowerCase();
    const roles = c.env.tenant.state.features.roles.filter(
      (role) => !filter || role.name.toLowerCase().includes(filter),
    );
    return pagedList(roles, query, 'roles', view);
  })
  .get('/roles/:id', requireScope('read:roles'), (c) => json(view(roleById(c))))
  .post('/roles', requireScope('create:roles'), async (c) => {
    const { features } = c.env.tenant.state;
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, ['id', 'permissions']);
    const name = requireString(body, 'name');
    if (features.roles.some((role) => role.name === name)) throw conflict('Role name already exists');
    const role: RoleRecord = {
      id: randomId('rol_'),
      name,
      description: typeof body.description === 'string' ? body.description : '',
      permissions: [],
    };
    features.roles.push(role);
    return json(view(role), 200);
  })
  .patch('/roles/:id', requireScope('update:roles'), async (c) => {
    const role = roleById(c);
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, ['id', 'permissions']);
    if (typeof body.name === 'string') role.name = body.name;
    if (typeof body.description === 'string') role.description = body.description;
    return json(view(role));
  })
  .delete('/roles/:id', requireScope('delete:roles'), (c) => {
    const role = roleById(c);
    const { features } = c.env.tenant.state;
    features.roles = features.roles.filter((candidate) => candidate !== role);
    for (const [user, ids] of Object.entries(features.userRoles))
      features.userRoles[user] = ids.filter((id) => id !== role.id);
    return noContent();
  })
  .get('/roles/:id/permissions', requireScope('read:roles'), (c) =>
    pagedList(roleById(c).permissions, queryOf(c), 'permissions', (permission) =>
      viewPermission(c, permission),
    ),
  )
  .post('/roles/:id/permissions', requireScope('update:roles'), async (c) => {
    const role = roleById(c);
    for (const permission of await readPermissions(c)) {
      if (!role.permissions.some((held) => samePermission(held, permission)))
        role.permissions.push(permission);
    }
    return json({}, 201);
  })
  .delete('/roles/:id/permissions', requireScope('update:roles'), async (c) => {
    const role = roleById(c);
    const removed = await readPermissions(c);
    role.permissions = role.permissions.filter((held) => !removed.some((gone) => samePermission(held, gone)));
    return noContent();
  })
  .post('/users/:id/roles', requireScope('update:users'), async (c) => {
    const userId = c.req.param('id');
    const body = await readJsonObject(c.req.raw);
    const ids = Array.isArray(body.roles) ? body.roles.map(String) : [];
    const { features, users } = c.env.tenant.state;
    findOr404(users, (user) => user.user_id === userId, 'user');
    for (const id of ids) findOr404(features.roles, (role) => role.id === id, 'role');
    features.userRoles[userId] = [...new Set([...(features.userRoles[userId] ?? []), ...ids])];
    return noContent();
  })
  .get('/users/:id/roles', requireScope('read:users'), (c) =>
    pagedList(rolesOfUser(c.env.tenant.state.features, c.req.param('id')), queryOf(c), 'roles', view),
  );
