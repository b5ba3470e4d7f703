import { Hono } from 'hono';
import { ApiError, badRequest, noContent, readJsonObject } from '../http.ts';
import { addMembers, organizationsOfUser } from '../organization-membership.ts';
import type { OrganizationMemberRecord, OrganizationRecord } from '../organization-state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { organizationById, viewOrganization } from './organizations.ts';
import { findOr404, pagedList, queryOf } from './payload.ts';
import type { OrganizationMemberResponse, RoleResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// An organization's members and the roles each holds in it, and a user's organizations. A member
// is a user of the tenant; their roles are tenant roles, assigned within this organization only.

/** Reads a `{ <field>: [ids] }` body, as `POST/DELETE .../members` and `.../roles` take. */
const readIds = async (c: TenantRequestContext, field: 'members' | 'roles'): Promise<string[]> => {
  const body = await readJsonObject(c.req.raw);
  const ids = body[field];
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
    throw badRequest(`Payload validation error: 'Missing required property: ${field}'.`);
  }
  return ids as string[];
};

const requireUsers = (c: TenantRequestContext, ids: readonly string[]): void => {
  for (const id of ids) {
    if (!c.env.tenant.state.users.some((user) => user.user_id === id)) {
      throw new ApiError(404, 'inexistent_user', `The user ${id} does not exist.`);
    }
  }
};

const memberOr404 = (c: TenantRequestContext, organization: OrganizationRecord): OrganizationMemberRecord => {
  const found = organization.members.find((member) => member.user_id === c.req.param('user'));
  if (!found) throw new ApiError(404, 'inexistent_member', 'The user is not a member of the organization.');
  return found;
};

const viewRole =
  (c: TenantRequestContext) =>
  (id: string): RoleResponse => {
    const role = c.env.tenant.state.features.roles.find((candidate) => candidate.id === id);
    return { id, name: role?.name ?? '', description: role?.description ?? '' };
  };

export const organizationMemberRoutes = new Hono<TenantEnv>()
  .get('/organizations/:id/members', requireScope('read:organization_members'), (c) => {
    const { users } = c.env.tenant.state;
    const members = organizationById(c).members.filter((member) =>
      users.some((user) => user.user_id === member.user_id),
    );
    const withRoles = queryOf(c).get('fields')?.split(',').includes('roles') ?? false;
    return pagedList(members, queryOf(c), 'members', (member): OrganizationMemberResponse => {
      const user = users.find((candidate) => candidate.user_id === member.user_id);
      return {
        user_id: member.user_id,
        email: user?.email ?? '',
        name: user?.name ?? '',
        picture: user?.picture ?? '',
        ...(withRoles ? { roles: member.roles.map(viewRole(c)).map(({ id, name }) => ({ id, name })) } : {}),
      };
    });
  })
  .post('/organizations/:id/members', requireScope('create:organization_members'), async (c) => {
    const organization = organizationById(c);
    const ids = await readIds(c, 'members');
    requireUsers(c, ids);
    addMembers(organization, ids);
    return noContent();
  })
  .delete('/organizations/:id/members', requireScope('delete:organization_members'), async (c) => {
    const organization = organizationById(c);
    const ids = await readIds(c, 'members');
    organization.members = organization.members.filter((member) => !ids.includes(member.user_id));
    return noContent();
  })
  .get('/organizations/:id/members/:user/roles', requireScope('read:organization_member_roles'), (c) =>
    pagedList(memberOr404(c, organizationById(c)).roles, queryOf(c), 'roles', viewRole(c)),
  )
  .post(
    '/organizations/:id/members/:user/roles',
    requireScope('create:organization_member_roles'),
    async (c) => {
      const member = memberOr404(c, organizationById(c));
      const ids = await readIds(c, 'roles');
      for (const id of ids) findOr404(c.env.tenant.state.features.roles, (role) => role.id === id, 'role');
      member.roles = [...new Set([...member.roles, ...ids])];
      return noContent();
    },
  )
  .delete(
    '/organizations/:id/members/:user/roles',
    requireScope('delete:organization_member_roles'),
    async (c) => {
      const member = memberOr404(c, organizationById(c));
      const ids = await readIds(c, 'roles');
      member.roles = member.roles.filter((id) => !ids.includes(id));
      return noContent();
    },
  )
  .get('/users/:id/organizations', requireScope('read:organizations'), (c) =>
    pagedList(
      organizationsOfUser(c.env.tenant.state, c.req.param('id')),
      queryOf(c),
      'organizations',
      viewOrganization,
    ),
  );
