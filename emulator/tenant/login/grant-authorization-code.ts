import type { LoginContext } from './login-context.ts';
import type { LoginClient } from './login-directory.ts';
import { OAuthError } from './oauth-errors.ts';
import { verifyCodeVerifier } from './pkce.ts';
import type { Params } from './request-params.ts';
import { type TokenResponseBody, tokenResponseBody } from './token-response.ts';

const invalidCode = () => new OAuthError(403, 'invalid_grant', 'Invalid authorization code');

/**
 * `grant_type=authorization_code`: the code must be unused, issued to this client for this
 * redirect URI, and (when the login used PKCE) the verifier must hash to the challenge. A replayed
 * code also revokes the refresh tokens the first exchange got (RFC 6749 4.1.2).
 */
export const exchangeAuthorizationCode = async (
  context: LoginContext,
  client: LoginClient,
  params: Params,
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
  if (login.tokens.scopes.includes('offline_access')) {
    const issued = state.refreshTokens.issue({
      clientId: client.client_id,
      userId: login.userId,
      scopes: login.tokens.scopes,
      audience: login.audience,
      sessionId: login.sessionId,
    });
    redeemed.bindFamily(issued.familyId);
    refreshToken = issued.refreshToken;
  }
  return tokenResponseBody(context, login.userId, login.tokens, refreshToken);
};
