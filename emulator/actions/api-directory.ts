import { createHash } from 'node:crypto';
import type { EffectiveRoles, PostLoginApi } from '../../core/post-login-types.ts';
import type { ApiDeps } from './api-deps.ts';

// `api.roles` and `api.groups` (post-login API object). The runtime has no directory: roles come
// from `event.authorization.roles` with ids derived from their names, groups from the run's
// `groups` option. Both answer asynchronously, as Auth0's do.

export interface DirectoryEntry {
  id: string;
  name: string;
}

const MAX_PAGE = 100;

const roleId = (name: string): string =>
  `rol_${createHash('sha256').update(name).digest('base64url').slice(0, 16)}`;

const page = <T>(items: readonly T[], params: { take?: number; from?: string } | undefined) => {
  const start = Number.parseInt(params?.from ?? '0', 10) || 0;
  const take = Math.min(Math.max(params?.take ?? 50, 1), MAX_PAGE);
  const slice = items.slice(start, start + take);
  const next = start + take < items.length ? String(start + take) : undefined;
  return { slice, next };
};

export const createRolesApi = (deps: ApiDeps): PostLoginApi['roles'] => {
  const roles = (): DirectoryEntry[] =>
    (deps.event.authorization?.roles ?? []).map((name) => ({ id: roleId(name), name }));
  const answer = (
    method: 'getUserEffectiveRoles' | 'getUserEffectiveRolesByIds' | 'getUserEffectiveRolesByNames',
    args: unknown[],
    found: DirectoryEntry[],
    next?: string,
  ): Promise<EffectiveRoles> => {
    deps.note(`roles.${method}`, args, 'applied');
    return Promise.resolve(next === undefined ? { roles: found } : { roles: found, next });
  };
  return {
    getUserEffectiveRoles: (params) => {
      const { slice, next } = page(roles(), params);
      return answer('getUserEffectiveRoles', params === undefined ? [] : [params], slice, next);
    },
    getUserEffectiveRolesByIds: (ids) =>
      answer(
        'getUserEffectiveRolesByIds',
        [ids],
        roles().filter((role) => ids.includes(role.id)),
      ),
    getUserEffectiveRolesByNames: (names) =>
      answer(
        'getUserEffectiveRolesByNames',
        [names],
        roles().filter((role) => names.includes(role.name)),
      ),
  };
};

export const createGroupsApi = (
  deps: ApiDeps,
  groups: readonly DirectoryEntry[],
): PostLoginApi['groups'] => ({
  getUserGroups: (params) => {
    const { slice, next } = page(groups, params);
    deps.note('groups.getUserGroups', params === undefined ? [] : [params], 'applied');
    return Promise.resolve(next === undefined ? { groups: [...slice] } : { groups: [...slice], next });
  },
  hasGroupMembership: (wanted) => {
    const matchingGroups = groups.filter((group) => wanted.includes(group.id) || wanted.includes(group.name));
    deps.note('groups.hasGroupMembership', [wanted], 'applied');
    return Promise.resolve({ isMember: matchingGroups.length > 0, matchingGroups: [...matchingGroups] });
  },
});
