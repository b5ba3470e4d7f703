import { idTokenCustomClaims } from '../endpoints/userinfo.ts';
import type { LoginContext } from '../login-context.ts';
import type { EarlySignatures, LoginTokens } from '../post-login/post-login-input.ts';
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

const quietly = (signing: Promise<string>): Promise<string | undefined> => signing.catch(() => undefined);

/** Starts both signatures of a login whose code is being issued (see `EarlySignatures`). */
export const signEarly = (context: LoginContext, tokens: LoginTokens): EarlySignatures => {
  const { keys } = context.state;
  return {
    idToken: tokens.idToken ? quietly(signToken(keys, tokens.idToken)) : undefined,
    accessToken: tokens.accessToken ? quietly(signToken(keys, tokens.accessToken)) : undefined,
  };
};

const signed = async (
  context: LoginContext,
  early: Promise<string | undefined> | undefined,
  payload: Record<string, unknown>,
): Promise<string> => (early && (await early)) ?? signToken(context.state.keys, payload);

/**
 * Signs what the post-login flow produced (or takes the signatures `signEarly` started). Without an
 * API audience Auth0 hands out an opaque access token that only `/userinfo` accepts; the local
 * tenant does the same, so apps cannot come to rely on reading a token that is not meant for them.
 */
export const tokenResponseBody = async (
  context: LoginContext,
  userId: string,
  tokens: LoginTokens,
  refreshToken: string | undefined,
  early?: EarlySignatures,
): Promise<TokenResponseBody> => {
  const { opaqueTokens, userinfoClaims } = context.state;
  const customClaims = idTokenCustomClaims(tokens.idToken);
  // Both signatures at once: each takes a core of its own.
  const idToken = tokens.idToken ? signed(context, early?.idToken, tokens.idToken) : undefined;
  const accessToken = tokens.accessToken
    ? await signed(context, early?.accessToken, tokens.accessToken)
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
