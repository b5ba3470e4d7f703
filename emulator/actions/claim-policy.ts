import type { PostLoginEvent } from '../../core/post-login-types.ts';
import {
  isAuth0ApiAudience,
  isForbiddenNamespace,
  isNamespacedClaimName,
  isRestrictedClaimName,
  isUserinfoAudience,
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

/**
 * Why Auth0 would leave this custom claim out of the token, or `undefined` when it keeps it. Sources:
 * Auth0 docs "Create Custom Claims" (restricted names, Auth0 API audiences) and "Access Tokens"
 * (custom claims are readable only in JWT access tokens, issued for an API audience).
 */
export const claimDropReason = (
  token: TokenName,
  name: string,
  event: PostLoginEvent,
  domain: string,
): string | undefined => {
  if (isRestrictedClaimName(name)) return `"${name}" is a restricted claim name`;
  if (isForbiddenNamespace(name)) return `"${name}" uses a namespace reserved by Auth0`;
  if (token === 'idToken') return undefined;
  const audience = requestedApiAudience(event, domain);
  if (audience === undefined) return 'no API audience was requested, so the access token is opaque';
  if (isAuth0ApiAudience(audience, domain) && !isNamespacedClaimName(name)) {
    return `non-namespaced claim on an access token for Auth0's own API ${audience}`;
  }
  return undefined;
};
