import {
  addMembers,
  enabledConnectionFor,
  findOrganizationById,
  findOrganizationByName,
  isMember,
} from '../../organization-membership.ts';
import type { OrganizationRecord } from '../../organization-state.ts';
import type { ClientRecord, TenantState, UserRecord } from '../../state.ts';
import { OAuthError } from '../oauth-error.ts';

// Auth0's rules for a login to an organization, as "Define Organization Behavior", "Use Organization
// Names in Authentication API" and "Enable Organization Connections" describe them. An application's
// `organization_usage` says whether it takes an organization (`deny`, the default: never; `allow`;
// `require`), and with `require` its `organization_require_behavior` what to do without one
// (`no_prompt`, the default: refuse; `pre_login_prompt`: ask for the organization's name before the
// login; `post_login_prompt`: log in, then pick one of the user's organizations).

/** What `/authorize` does about organizations before anyone logs in. */
export type OrganizationStep =
  | { readonly kind: 'none' }
  | { readonly kind: 'chosen'; readonly organization: OrganizationRecord }
  | { readonly kind: 'prompt-before' }
  | { readonly kind: 'prompt-after' }
  | { readonly kind: 'refused'; readonly error: OAuthError };

const invalid = (description: string): OrganizationStep => ({
  kind: 'refused',
  error: new OAuthError(400, 'invalid_request', description),
});

/** Whether the organization's own connections, not the application's, decide who may log in. */
export const usesOrganizations = (client: ClientRecord, organization: string | undefined): boolean =>
  organization !== undefined || client.organization_usage === 'require';

/**
 * The `organization` parameter (an id, or a name when the tenant allows names) checked against the
 * application's organization settings.
 */
export const organizationStep = (
  state: TenantState,
  client: ClientRecord,
  parameter: string | undefined,
): OrganizationStep => {
  const usage = client.organization_usage ?? 'deny';
  if (parameter === undefined || parameter === '') {
    if (usage !== 'require') return { kind: 'none' };
    const behavior = client.organization_require_behavior ?? 'no_prompt';
    if (behavior === 'pre_login_prompt') return { kind: 'prompt-before' };
    if (behavior === 'post_login_prompt') return { kind: 'prompt-after' };
    return invalid('parameter organization is required for this client');
  }
  if (usage !== 'allow' && usage !== 'require') {
    return invalid(
      `the client is not configured for organizations: set organization_usage to allow or require on ${client.name} in tenant/tenant.yaml`,
    );
  }
  if (
    !parameter.startsWith('org_') &&
    state.settings.allow_organization_name_in_authentication_api !== true
  ) {
    return invalid('authorization request parameter organization must be an organization id');
  }
  const organization = parameter.startsWith('org_')
    ? findOrganizationById(state, parameter)
    : findOrganizationByName(state, parameter);
  return organization ? { kind: 'chosen', organization } : invalid(`no organization found for ${parameter}`);
};

/**
 * Why this user may not log in to this organization, or undefined when they may. The connection the
 * user logs in through must be enabled for the organization, and the user must be a member, unless
 * that connection assigns membership on login: then they become one now.
 */
export const organizationLoginRefusal = (
  state: TenantState,
  organization: OrganizationRecord,
  user: UserRecord,
): OAuthError | undefined => {
  const enabled = enabledConnectionFor(state, organization, user);
  if (!enabled || enabled.is_enabled === false) {
    const connection = user.identities?.[0]?.connection ?? 'unknown';
    return new OAuthError(
      403,
      'access_denied',
      `the connection ${connection} is not enabled for the ${organization.id} organization`,
    );
  }
  if (isMember(organization, user.user_id)) return undefined;
  if (enabled.assign_membership_on_login) {
    addMembers(organization, [user.user_id]);
    return undefined;
  }
  return new OAuthError(
    403,
    'access_denied',
    `user ${user.user_id} is not part of the ${organization.id} organization`,
  );
};
