import { jwtVerify } from 'jose';
import { OIDC_PROFILE_CLAIM_SCOPES } from '../../../actions/index.ts';
import type { UserRecord } from '../../state.ts';
import { findUser } from '../directory.ts';
import type { LoginContext } from '../login-context.ts';
import { jsonResponse } from '../oauth-error.ts';
import { readBearerToken, splitScopes } from '../params.ts';

const unauthorized = (description: string): Response =>
  new Response('Unauthorized', {
    status: 401,
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${description}"` },
  });

/** The OIDC profile claims a scope releases (OIDC Core 5.4). */
const profileClaims = (user: UserRecord, scopes: readonly string[]): Record<string, unknown> => {
  const claims: Record<string, unknown> = { sub: user.user_id };
  if (scopes.includes('profile')) {
    Object.assign(claims, {
      name: user.name,
      nickname: user.nickname,
      picture: user.picture,
      updated_at: user.updated_at,
    });
  }
  if (scopes.includes('email'))
    Object.assign(claims, { email: user.email, email_verified: user.email_verified });
  return JSON.parse(JSON.stringify(claims));
};

/**
 * Claims an ID token carries whatever the Actions do, and the OIDC profile claims (one list with the
 * scope each needs, shared with the Actions runtime): the rest were set by an Action.
 */
const ISSUED_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'iat',
  'exp',
  'nonce',
  'sid',
  'auth_time',
  'at_hash',
  'c_hash',
  'azp',
  'acr',
  'amr',
  'org_id',
  'org_name',
  ...OIDC_PROFILE_CLAIM_SCOPES.keys(),
]);

/** The custom claims the Actions set on an ID token. */
export const idTokenCustomClaims = (idToken: Record<string, unknown> | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(idToken ?? {}).filter(([name]) => !ISSUED_CLAIMS.has(name)));

/**
 * `GET /userinfo`: takes the opaque access token of a login without API audience, or a signed
 * access token whose audience includes this tenant's `/userinfo`, and answers the user's profile
 * claims as the token's scopes allow, read from the tenant now, with the custom claims the Actions
 * put on that login's ID token (Auth0's /userinfo returns those too).
 */
export const handleUserinfo = async (context: LoginContext, request: Request): Promise<Response> => {
  const { state, tenant } = context;
  const token = readBearerToken(request);
  if (!token) return unauthorized('missing bearer token');
  let grant = state.opaqueTokens.get(token);
  if (!grant) {
    try {
      const { payload } = await jwtVerify(token, state.keys.publicJwk, {
        issuer: tenant.issuer,
        audience: new URL('userinfo', tenant.issuer).toString(),
        algorithms: ['RS256'],
        currentDate: new Date(state.clock()),
      });
      if (typeof payload.sub === 'string') {
        grant = {
          userId: payload.sub,
          scopes: splitScopes(String(payload.scope ?? '')),
          customClaims: state.userinfoClaims.get(token) ?? {},
        };
      }
    } catch {
      return unauthorized('invalid or expired token');
    }
  }
  const user = grant && findUser(tenant, grant.userId);
  if (!grant || !user) return unauthorized('invalid token');
  return jsonResponse(200, { ...grant.customClaims, ...profileClaims(user, grant.scopes) });
};
