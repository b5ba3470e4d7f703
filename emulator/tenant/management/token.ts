import { jwtVerify, SignJWT } from 'jose';
import { ApiError, json } from '../http.ts';
import { readBasicCredentials } from '../login/params.ts';
import type { TenantContext } from '../tenant-context.ts';

// Management API access: the client-credentials grant for the Management API's audience, and the
// bearer check every `/api/v2` route goes through. Tokens are real JWTs (HS256 with a key the
// tenant makes at start), so an expired, foreign or tampered token is refused like Auth0 does.

export const MANAGEMENT_TOKEN_LIFETIME_SECONDS = 86_400;

const oauthError = (status: number, error: string, description: string): Response =>
  json({ error, error_description: description }, status);

export const issueManagementToken = async (
  tenant: TenantContext,
  clientId: string,
  scopes: readonly string[],
): Promise<string> => {
  const nowSeconds = Math.floor(tenant.now() / 1000);
  return new SignJWT({ scope: scopes.join(' '), gty: 'client-credentials', azp: clientId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(tenant.issuer)
    .setAudience(tenant.managementAudience)
    .setSubject(`${clientId}@clients`)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + MANAGEMENT_TOKEN_LIFETIME_SECONDS)
    .sign(tenant.managementTokenKey);
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
  const audience = params.audience ?? '';
  if (audience !== tenant.managementAudience) {
    return oauthError(403, 'access_denied', `Service not enabled within domain: ${audience}`);
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
    access_token: await issueManagementToken(tenant, client.client_id, scopes),
    scope: scopes.join(' '),
    expires_in: MANAGEMENT_TOKEN_LIFETIME_SECONDS,
    token_type: 'Bearer',
  });
};

/** Checks the bearer token of a Management API call; returns its scopes or throws a 401/403. */
export const authorizeManagementCall = async (
  tenant: TenantContext,
  request: Request,
  requiredScope: string,
): Promise<Set<string>> => {
  const header = request.headers.get('authorization') ?? '';
  const match = /^bearer\s+(\S+)$/i.exec(header);
  if (!match?.[1]) throw new ApiError(401, 'missing_authentication', 'Missing authentication');
  let scopes: Set<string>;
  try {
    const { payload } = await jwtVerify(match[1], tenant.managementTokenKey, {
      issuer: tenant.issuer,
      audience: tenant.managementAudience,
      currentDate: new Date(tenant.now()),
    });
    scopes = new Set(typeof payload.scope === 'string' ? payload.scope.split(' ') : []);
  } catch (error) {
    const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
    throw new ApiError(401, 'invalid_token', expired ? 'Expired token' : 'Invalid token');
  }
  if (!scopes.has(requiredScope)) {
    throw new ApiError(403, 'insufficient_scope', `Insufficient scope, expected any of: ${requiredScope}`);
  }
  return scopes;
};
