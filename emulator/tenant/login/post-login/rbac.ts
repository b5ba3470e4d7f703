import { rolesInLogin } from '../../organization-membership.ts';
import type { ResourceServerRecord } from '../../state.ts';
import type { TenantContext } from '../../tenant-context.ts';

// Role-based access control for APIs ("Enable Role-Based Access Control for APIs",
// https://auth0.com/docs/get-started/apis/enable-role-based-access-control-for-apis): with RBAC on
// (`enforce_policies`), an access token's scope is the requested scopes the user holds a permission
// for, through their roles; with `token_dialect: access_token_authz` it also carries every permission
// the user holds on that API as `permissions`. OIDC scopes are not permissions and stay. An Action
// that changes scopes still overrides this (it runs afterwards).

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);
const WITH_PERMISSIONS = new Set(['access_token_authz', 'rfc9068_profile_authz']);

export interface RbacOutcome {
  readonly scopes: string[];
  /** Present when the API's token dialect carries permissions. */
  readonly permissions?: string[];
}

export const applyRbac = (
  tenant: TenantContext,
  userId: string,
  resourceServer: ResourceServerRecord | undefined,
  scopes: readonly string[],
  /** In an organization login, the member's roles there are the ones that count. */
  organizationId?: string,
): RbacOutcome => {
  if (!resourceServer?.enforce_policies) return { scopes: [...scopes] };
  const held = new Set(
    rolesInLogin(tenant.state, userId, organizationId).flatMap((role) =>
      role.permissions
        .filter((permission) => permission.resource_server_identifier === resourceServer.identifier)
        .map((permission) => permission.permission_name),
    ),
  );
  const granted = scopes.filter((scope) => OIDC_SCOPES.has(scope) || held.has(scope));
  const dialect = typeof resourceServer.token_dialect === 'string' ? resourceServer.token_dialect : '';
  return WITH_PERMISSIONS.has(dialect)
    ? { scopes: granted, permissions: [...held].sort() }
    : { scopes: granted };
};
