import { jwtVerify } from 'jose';
import { ApiError, json } from '../http.ts';
import { canonicalAudience, managementAudiences } from '../issuer.ts';
import { signToken } from '../login/grants/signing-keys.ts';
import { readBasicCredentials } from '../login/params.ts';
import type { TenantContext } from '../tenant-context.ts';

// Management API access: the client-credentials grant for the Management API's audience, and the
// bearer check every `/api/v2` route goes through. Tokens are RS256 JWTs signed with the tenant's key
// and `kid`, as Auth0 signs every token it issues, so they verify against the tenant's JWKS; an
// expired, foreign or tampered token is refused as Auth0 does.

export const MANAGEMENT_TOKEN_LIFETIME_SECONDS = 86_400;

const oauthError = (status: number, error: string, description: string): Response =>
  json({ error, error_description: description }, status);

export const issueManagementToken = async (
  tenant: TenantContext,
  clientId: string,
  scopes: readonly string[],
  audience = tenant.managementAudience,
): Promise<string> => {
  const iat = Math.floor(tenant.now() / 1000);
  return signToken(await tenant.signingKeys(), {
    iss: tenant.issuer,
    sub: `${clientId}@clients`,
    aud: audience,
    iat,
    exp: iat + MANAGEMENT_TOKEN_LIFETIME_SECONDS,
    scope: scopes.join(' '),
    gty: 'client-credentials',
    azp: clientId,
  });
};

/**
 * `grant_type=client_credentials` for the Management API audience. Other audiences belong to the
 * login endpoints, which sign RS256 tokens for APIs.
 */
export const managementClientCredentials = async (
  tenant: TenantContext,
  params: Record<string, string>,
  request: Request,
): Promise<Response> => {
  const basic = readBasicCredentials(request);
  const clientId = basic?.id ?? params.client_id;
  const clientSecret = basic?.secret ?? params.client_secret;
  const client = tenant.state.clients.find((candidate) => candidate.client_id === clientId);
  if (!client || !clientSecret || client.client_secret !== clientSecret) {
    return oauthError(401, 'access_denied', 'Unauthorized');
  }
  const requestedAudience = params.audience ?? '';
  const audience = canonicalAudience(tenant, requestedAudience);
  if (audience !== tenant.managementAudience) {
    return oauthError(403, 'access_denied', `Service not enabled within domain: ${requestedAudience}`);
  }
  const grant = tenant.state.clientGrants.find(
    (candidate) => candidate.client_id === client.client_id && candidate.audience === audience,
  );
  if (!grant) {
    return oauthError(
      403,
      'access_denied',
      `Client "${client.client_id}" is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.`,
    );
  }
  const requested = params.scope?.split(' ').filter(Boolean);
  const scopes = requested ? grant.scope.filter((scope) => requested.includes(scope)) : grant.scope;
  return json({
    access_token: await issueManagementToken(tenant, client.client_id, scopes, requestedAudience),
    scope: scopes.join(' '),
    expires_in: MANAGEMENT_TOKEN_LIFETIME_SECONDS,
    token_type: 'Bearer',
  });
};

/** What a route accepts from a user's own token instead of its scope: `scope`, for `userId` only. */
export interface CurrentUserAccess {
  readonly scopes: readonly string[];
  readonly userId: string | undefined;
}

export interface ManagementCaller {
  readonly scopes: ReadonlySet<string>;
  /** The user a login issued the token to (`sub`); undefined for a client-credentials token. */
  readonly userId: string | undefined;
  /** The application the token was issued to (`azp`). */
  readonly clientId: string | undefined;
}

const insufficientScope = (expected: readonly string[]): ApiError =>
  new ApiError(403, 'insufficient_scope', `Insufficient scope, expected any of: ${expected.join(',')}`);

/**
 * Checks the bearer token of a Management API call; returns its scopes or throws a 401/403. A token a
 * user got at login for the Management API holds only `current_user` scopes, which count on the
 * routes that take them and only for that user's own id ("Get Management API Access Tokens for
 * Single-Page Applications"); for anyone else the route's own scope is expected.
 */
export const authorizeManagementCall = async (
  tenant: TenantContext,
  request: Request,
  requiredScope: string,
  currentUser?: CurrentUserAccess,
): Promise<ManagementCaller> => {
  const header = request.headers.get('authorization') ?? '';
  const match = /^bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new ApiError(401, 'missing_authentication', 'Missing authentication');
  let caller: ManagementCaller;
  try {
    const { payload } = await jwtVerify(match[1], (await tenant.signingKeys()).publicJwk, {
      issuer: tenant.issuer,
      audience: managementAudiences(tenant),
      algorithms: ['RS256'],
      currentDate: new Date(tenant.now()),
    });
    caller = {
      scopes: new Set(typeof payload.scope === 'string' ? payload.scope.split(' ') : []),
      userId: payload.gty === 'client-credentials' ? undefined : payload.sub,
      clientId: typeof payload.azp === 'string' ? payload.azp : undefined,
    };
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw new ApiError(401, 'invalid_token', expired ? 'Expired token' : 'Invalid token');
  }
  if (caller.scopes.has(requiredScope)) return caller;
  const own =
    currentUser !== undefined && caller.userId !== undefined && caller.userId === currentUser.userId;
  if (own && currentUser.scopes.some((scope) => caller.scopes.has(scope))) return caller;
  throw insufficientScope(own ? [requiredScope, ...currentUser.scopes] : [requiredScope]);
};
