import type { RolePermission, RoleRecord } from '../feature-state.ts';
import { badRequest, conflict, json, noContent, readJsonObject } from '../http.ts';
import type { Route, RouteRequest, TenantContext } from '../router.ts';
import { randomId } from '../state.ts';
import { findOr404, pagedList, refuseFields, requireString } from './payload.ts';

// `/api/v2/roles`: tenant roles, their permissions on APIs, and which users hold them. A permission
// names one of an API's scopes; a role's users get it through RBAC (`enforce_policies`).

const roleById = ({ tenant, params }: RouteRequest): RoleRecord =>
  findOr404(tenant.state.features.roles, (role) => role.id === params.id, 'role');

const view = (role: RoleRecord) => ({ id: role.id, name: role.name, description: role.description });

/** Each permission must be a scope of an API on the tenant, as Auth0 checks. */
const readPermissions = async (route: RouteRequest): Promise<RolePermission[]> => {
  const body = await readJsonObject(route.request);
  if (!Array.isArray(body.permissions)) {
    throw badRequest("Payload validation error: 'Missing required property: permissions'.");
  }
  return (body.permissions as Array<Record<string, unknown>>).map((entry) => {
    const permission = {
      permission_name: String(entry.permission_name ?? ''),
      resource_server_identifier: String(entry.resource_server_identifier ?? ''),
    };
    const server = route.tenant.state.resourceServers.find(
      (candidate) => candidate.identifier === permission.resource_server_identifier,
    );
    if (!server) {
      throw badRequest(`Resource server "${permission.resource_server_identifier}" does not exist`);
    }
    const scopes = (Array.isArray(server.scopes) ? server.scopes : []) as Array<{ value?: string }>;
    if (!scopes.some((scope) => scope.value === permission.permission_name)) {
      throw badRequest(
        `Permission "${permission.permission_name}" does not exist on resource server "${permission.resource_server_identifier}"`,
      );
    }
    return permission;
  });
};

const samePermission = (a: RolePermission, b: RolePermission) =>
  a.permission_name === b.permission_name && a.resource_server_identifier === b.resource_server_identifier;

/** The roles a user holds, for the login side (`event.authorization.roles`). */
export const rolesOfUser = (tenant: TenantContext, userId: string): RoleRecord[] => {
  const ids = tenant.state.features.userRoles[userId] ?? [];
  return tenant.state.features.roles.filter((role) => ids.includes(role.id));
};

export const roleRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/roles',
    scope: 'read:roles',
    handle: ({ tenant, url }) => {
      const filter = url.searchParams.get('name_filter')?.toLowerCase();
      const roles = tenant.state.features.roles.filter(
        (role) => !filter || role.name.toLowerCase().includes(filter),
      );
      return pagedList(roles, url.searchParams, 'roles', view);
    },
  },
  {
    method: 'GET',
    path: '/api/v2/roles/:id',
    scope: 'read:roles',
    handle: (route) => json(view(roleById(route))),
  },
  {
    method: 'POST',
    path: '/api/v2/roles',
    scope: 'create:roles',
    handle: async ({ request, tenant }) => {
      const body = await readJsonObject(request);
      refuseFields(body, ['id', 'permissions']);
      const name = requireString(body, 'name');
      if (tenant.state.features.roles.some((role) => role.name === name)) {
        throw conflict('Role name already exists');
      }
      const role: RoleRecord = {
        id: randomId('rol_'),
        name,
        description: typeof body.description === 'string' ? body.description : '',
        permissions: [],
      };
      tenant.state.features.roles.push(role);
      return json(view(role), 200);
    },
  },
  {
    method: 'PATCH',
    path: '/api/v2/roles/:id',
    scope: 'update:roles',
    handle: async (route) => {
      const role = roleById(route);
      const body = await readJsonObject(route.request);
      refuseFields(body, ['id', 'permissions']);
      if (typeof body.name === 'string') role.name = body.name;
      if (typeof body.description === 'string') role.description = body.description;
      return json(view(role));
    },
  },
  {
    method: 'DELETE',
    path: '/api/v2/roles/:id',
    scope: 'delete:roles',
    handle: (route) => {
      const role = roleById(route);
      const { features } = route.tenant.state;
      features.roles = features.roles.filter((candidate) => candidate !== role);
      for (const [user, ids] of Object.entries(features.userRoles))
        features.userRoles[user] = ids.filter((id) => id !== role.id);
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/api/v2/roles/:id/permissions',
    scope: 'read:roles',
    handle: (route) =>
      pagedList(roleById(route).permissions, route.url.searchParams, 'permissions', (permission) => {
        const server = route.tenant.state.resourceServers.find(
          (candidate) => candidate.identifier === permission.resource_server_identifier,
        );
        return { ...permission, resource_server_name: server?.name ?? '', description: '' };
      }),
  },
  {
    method: 'POST',
    path: '/api/v2/roles/:id/permissions',
    scope: 'update:roles',
    handle: async (route) => {
      const role = roleById(route);
      for (const permission of await readPermissions(route)) {
        if (!role.permissions.some((held) => samePermission(held, permission)))
          role.permissions.push(permission);
      }
      return json({}, 201);
    },
  },
  {
    method: 'DELETE',
    path: '/api/v2/roles/:id/permissions',
    scope: 'update:roles',
    handle: async (route) => {
      const role = roleById(route);
      const removed = await readPermissions(route);
      role.permissions = role.permissions.filter(
        (held) => !removed.some((gone) => samePermission(held, gone)),
      );
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/api/v2/users/:id/roles',
    scope: 'update:users',
    handle: async (route) => {
      const body = await readJsonObject(route.request);
      const ids = Array.isArray(body.roles) ? body.roles.map(String) : [];
      const { features, users } = route.tenant.state;
      findOr404(users, (user) => user.user_id === route.params.id, 'user');
      for (const id of ids) findOr404(features.roles, (role) => role.id === id, 'role');
      features.userRoles[route.params.id as string] = [
        ...new Set([...(features.userRoles[route.params.id as string] ?? []), ...ids]),
      ];
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/api/v2/users/:id/roles',
    scope: 'read:users',
    handle: (route) =>
      pagedList(rolesOfUser(route.tenant, route.params.id as string), route.url.searchParams, 'roles', view),
  },
];
