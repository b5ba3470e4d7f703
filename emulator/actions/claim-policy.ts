import type { PostLoginEvent } from '../../core/post-login-types.ts';
import {
  isAuth0ApiAudience,
  isForbiddenNamespace,
  isNamespacedClaimName,
  isRestrictedClaimName,
  isUserinfoAudience,
  OIDC_PROFILE_CLAIM_SCOPES,
} from './claim-rules.ts';

export type TokenName = 'idToken' | 'accessToken';

/**
 * The API audience the access token is for, or `undefined` when none was requested: Auth0 then
 * issues an opaque access token (good for `/userinfo` only), which carries no readable claims.
 */
export const requestedApiAudience = (event: PostLoginEvent, domain: string): string | undefined => {
  const audience = event.resource_server?.identifier;
  if (typeof audience !== 'string' || audience === '' || isUserinfoAudience(audience, domain))
    return undefined;
  return audience;
};

/** The access token is for one of Auth0's own APIs (Management API, MFA API...). */
export const isForAuth0Api = (event: PostLoginEvent, domain: string): string | undefined => {
  const audience = requestedApiAudience(event, domain);
  return audience !== undefined && isAuth0ApiAudience(audience, domain) ? audience : undefined;
};

/**
 * Why Auth0 would leave this custom claim out of the token, or `undefined` when it keeps it. Sources:
 * Auth0 docs "Create Custom Claims" (restricted names, Auth0 API audiences), "Migrate Custom Claims"
 * (OIDC profile claims need their scope) and "Access Tokens" (custom claims are readable only in JWT
 * access tokens, issued for an API audience).
 */
export const claimDropReason = (
  token: TokenName,
  name: string,
  event: PostLoginEvent,
  domain: string,
): string | undefined => {
  if (isRestrictedClaimName(name)) return `"${name}" is a restricted claim name`;
  if (isForbiddenNamespace(name)) return `"${name}" uses a namespace reserved by Auth0`;
  const scope = OIDC_PROFILE_CLAIM_SCOPES.get(name);
  if (scope !== undefined && !(event.transaction?.requested_scopes ?? []).includes(scope)) {
    return `the OIDC claim "${name}" needs the ${scope} scope, which this login did not request`;
  }
  if (token === 'idToken') return undefined;
  const audience = requestedApiAudience(event, domain);
  if (audience === undefined) return 'no API audience was requested, so the access token is opaque';
  if (isAuth0ApiAudience(audience, domain) && !isNamespacedClaimName(name)) {
    return `non-namespaced claim on an access token for Auth0's own API ${audience}`;
  }
  return undefined;
};
