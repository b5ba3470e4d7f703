import { idTokenCustomClaims } from '../endpoints/userinfo.ts';
import type { LoginContext } from '../login-context.ts';
import type { LoginTokens } from '../post-login/post-login-input.ts';
import { OPAQUE_TOKEN_LIFETIME_S } from '../session/login-state.ts';
import { signToken } from './signing-keys.ts';

export interface TokenResponseBody {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
  token_type: 'Bearer';
}

/**
 * Signs what the post-login flow produced. Without an API audience Auth0 hands out an opaque access
 * token that only `/userinfo` accepts; the local tenant does the same, so apps cannot come to rely
 * on reading a token that is not meant for them.
 */
export const tokenResponseBody = async (
  context: LoginContext,
  userId: string,
  tokens: LoginTokens,
  refreshToken: string | undefined,
): Promise<TokenResponseBody> => {
  const { keys, opaqueTokens, userinfoClaims } = context.state;
  const customClaims = idTokenCustomClaims(tokens.idToken);
  // Both signatures at once: each takes a core of its own.
  const idToken = tokens.idToken ? signToken(keys, tokens.idToken) : undefined;
  const accessToken = tokens.accessToken
    ? await signToken(keys, tokens.accessToken)
    : opaqueTokens.add({ userId, scopes: tokens.scopes, customClaims });
  if (tokens.accessToken && tokens.idToken) userinfoClaims.set(accessToken, customClaims);
  const body: TokenResponseBody = {
    access_token: accessToken,
    scope: tokens.scopes.join(' '),
    expires_in: tokens.accessToken ? tokens.expiresIn : OPAQUE_TOKEN_LIFETIME_S,
    token_type: 'Bearer',
  };
  if (idToken) body.id_token = await idToken;
  if (refreshToken !== undefined) body.refresh_token = refreshToken;
  return body;
};
