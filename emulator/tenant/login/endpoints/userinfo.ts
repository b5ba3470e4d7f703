import { jwtVerify } from 'jose';
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
 * `GET /userinfo`: takes the opaque access token of a login without API audience, or a signed
 * access token whose audience includes this tenant's `/userinfo`, and answers the user's profile
 * claims as the token's scopes allow, read from the tenant now.
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
        grant = { userId: payload.sub, scopes: splitScopes(String(payload.scope ?? '')) };
      }
    } catch {
      return unauthorized('invalid or expired token');
    }
  }
  const user = grant && findUser(tenant, grant.userId);
  if (!grant || !user) return unauthorized('invalid token');
  return jsonResponse(200, profileClaims(user, grant.scopes));
};
