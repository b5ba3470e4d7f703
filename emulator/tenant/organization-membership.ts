import { type RoleRecord, rolesOfUser } from './feature-state.ts';
import type { OrganizationConnectionRecord, OrganizationRecord } from './organization-state.ts';
import type { TenantState, UserRecord } from './state.ts';

// Who belongs to which organization, and through which connection a member may log in to it: read
// by the Management API's member routes, the login endpoints and the seeding of the local tenant.

export const findOrganizationById = (state: TenantState, id: string): OrganizationRecord | undefined =>
  state.organizations.find((organization) => organization.id === id);

export const findOrganizationByName = (state: TenantState, name: string): OrganizationRecord | undefined =>
  state.organizations.find((organization) => organization.name === name.toLowerCase());

export const isMember = (organization: OrganizationRecord, userId: string): boolean =>
  organization.members.some((member) => member.user_id === userId);

/** Adds members (idempotent): what `POST /organizations/{id}/members` and seeding do. */
export const addMembers = (organization: OrganizationRecord, userIds: readonly string[]): void => {
  for (const userId of userIds)
    if (!isMember(organization, userId)) organization.members.push({ user_id: userId, roles: [] });
};

/** The organizations a user belongs to, in the order they were created. */
export const organizationsOfUser = (state: TenantState, userId: string): OrganizationRecord[] =>
  state.organizations.filter((organization) => isMember(organization, userId));

/** The organization's settings for the connection a user logs in through, if it enables it. */
export const enabledConnectionFor = (
  state: TenantState,
  organization: OrganizationRecord,
  user: UserRecord,
): OrganizationConnectionRecord | undefined => {
  const name = user.identities?.[0]?.connection;
  const connection = state.connections.find((candidate) => candidate.name === name);
  return connection
    ? organization.connections.find((enabled) => enabled.connection_id === connection.id)
    : undefined;
};

/** Seeds memberships by organization name; names the tenant does not hold are returned, not guessed. */
export const seedMemberships = (
  state: TenantState,
  seeds: ReadonlyArray<{ user_id?: string; organizations?: readonly string[] }>,
): string[] => {
  const missing: string[] = [];
  for (const seed of seeds) {
    if (!seed.user_id || !state.users.some((user) => user.user_id === seed.user_id)) continue;
    for (const name of seed.organizations ?? []) {
      const organization = findOrganizationByName(state, name);
      if (organization) addMembers(organization, [seed.user_id]);
      else if (!missing.includes(name)) missing.push(name);
    }
  }
  return missing;
};

/**
 * The roles a login applies: in an organization, those the member holds there ("applied when users
 * log in through the organization"); otherwise the user's tenant roles.
 */
export const rolesInLogin = (state: TenantState, userId: string, organizationId?: string): RoleRecord[] => {
  if (organizationId === undefined) return rolesOfUser(state.features, userId);
  const organization = findOrganizationById(state, organizationId);
  const ids = organization?.members.find((member) => member.user_id === userId)?.roles ?? [];
  return state.features.roles.filter((role) => ids.includes(role.id));
};
