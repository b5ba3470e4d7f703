import type { ClientRecord } from '../../state.ts';
import type { LoginContext } from '../login-context.ts';
import { OAuthError } from '../oauth-error.ts';
import type { Params } from '../params.ts';
import { verifyCodeVerifier } from './pkce.ts';
import type { RefreshLifetime } from './refresh-tokens.ts';
import { type TokenResponseBody, tokenResponseBody } from './token-response.ts';

// Auth0's defaults for an expiring refresh token: 30 days absolute, 15 days idle.
const DEFAULT_REFRESH_TOKEN_LIFETIME_S = 2_592_000;
const DEFAULT_REFRESH_TOKEN_IDLE_LIFETIME_S = 1_296_000;

/**
 * Rotating refresh tokens always expire on Auth0; others only when the client says `expiring`. An
 * expiring token dies at whichever comes first: its absolute lifetime or its idle lifetime, so an app
 * tested here meets the same "log in again" after a fortnight away as on Auth0.
 */
const refreshTokenLifetime = (client: ClientRecord): RefreshLifetime | undefined => {
  const settings = client.refresh_token;
  const expiring = settings?.rotation_type === 'rotating' || settings?.expiration_type === 'expiring';
  if (!expiring) return undefined;
  return {
    absoluteSeconds: settings?.infinite_token_lifetime
      ? undefined
      : (settings?.token_lifetime ?? DEFAULT_REFRESH_TOKEN_LIFETIME_S),
    idleSeconds: settings?.infinite_idle_token_lifetime
      ? undefined
      : (settings?.idle_token_lifetime ?? DEFAULT_REFRESH_TOKEN_IDLE_LIFETIME_S),
  };
};

const invalidCode = () => new OAuthError(403, 'invalid_grant', 'Invalid authorization code');

/**
 * `grant_type=authorization_code`: the code must be unused, issued to this client for this
 * redirect URI, and (when the login used PKCE) the verifier must hash to the challenge. A replayed
 * code also revokes the refresh tokens the first exchange got (RFC 6749 4.1.2).
 */
export const exchangeAuthorizationCode = async (
  context: LoginContext,
  client: ClientRecord,
  params: Params,
  httpRequest: Request,
): Promise<TokenResponseBody> => {
  const { state } = context;
  if (!params.code) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: code');
  const redeemed = state.codes.redeem(params.code);
  if (!redeemed.ok) {
    if (redeemed.familyId !== undefined) state.refreshTokens.revokeFamily(redeemed.familyId);
    throw invalidCode();
  }
  const { grant } = redeemed;
  if (grant.clientId !== client.client_id) throw invalidCode();
  if (params.redirect_uri !== grant.redirectUri) {
    throw new OAuthError(
      403,
      'invalid_grant',
      'redirect_uri does not match the one the authorization code was issued for',
    );
  }
  if (grant.codeChallenge !== undefined) {
    if (!params.code_verifier) {
      throw new OAuthError(403, 'invalid_grant', 'Missing required parameter: code_verifier');
    }
    if (!verifyCodeVerifier(params.code_verifier, grant.codeChallenge)) {
      throw new OAuthError(403, 'invalid_grant', 'Failed to verify code verifier');
    }
  }

  const { login } = grant;
  let refreshToken: string | undefined;
  // Auth0 by default issues no non-rotating refresh token to a browser (a call carrying Origin): one
  // stolen from page storage would live for ever. spa-js then reports missing_refresh_token.
  const fromBrowser = httpRequest.headers.get('origin') !== null;
  const rotating = client.refresh_token?.rotation_type === 'rotating';
  if (login.tokens.scopes.includes('offline_access') && (rotating || !fromBrowser)) {
    const issued = state.refreshTokens.issue(
      {
        clientId: client.client_id,
        userId: login.userId,
        scopes: login.tokens.scopes,
        audience: login.audience,
        sessionId: login.sessionId,
        ...(login.organizationId ? { organizationId: login.organizationId } : {}),
      },
      refreshTokenLifetime(client),
    );
    redeemed.bindFamily(issued.familyId);
    refreshToken = issued.refreshToken;
  }
  return tokenResponseBody(context, login.userId, login.tokens, refreshToken, login.signatures);
};
