import { createHash } from 'node:crypto';
import type { ResponseType } from '../endpoints/response-types.ts';
import { idTokenCustomClaims } from '../endpoints/userinfo.ts';
import type { LoginContext } from '../login-context.ts';
import type { LoginTokens } from '../post-login/post-login-input.ts';
import { OPAQUE_TOKEN_LIFETIME_S } from '../session/login-state.ts';
import { signToken } from './signing-keys.ts';

/**
 * `at_hash` / `c_hash` (OIDC Core 3.2.2.9, 3.3.2.11): the left half of the SHA-256 of the value
 * (SHA-256 because the tokens are RS256), base64url-encoded.
 */
export const leftHalfHash = (value: string): string =>
  createHash('sha256').update(value, 'ascii').digest().subarray(0, 16).toString('base64url');

/**
 * What the implicit and hybrid flows hand the app at its redirect URI beside the code: the access
 * token (`token`) and the ID token (`id_token`), the ID token carrying `at_hash` for an access token
 * and `c_hash` for a code returned with it. Never a refresh token: the front channel does not get one.
 */
export const frontChannelParams = async (
  context: LoginContext,
  responseType: ResponseType,
  userId: string,
  tokens: LoginTokens,
  code: string | undefined,
): Promise<Record<string, string>> => {
  const { keys, opaqueTokens, userinfoClaims } = context.state;
  const params: Record<string, string> = code === undefined ? {} : { code };
  let accessToken: string | undefined;
  if (responseType.token) {
    const customClaims = idTokenCustomClaims(tokens.idToken);
    accessToken = tokens.accessToken
      ? await signToken(keys, tokens.accessToken)
      : opaqueTokens.add({ userId, scopes: tokens.scopes, customClaims });
    if (tokens.accessToken && tokens.idToken) userinfoClaims.set(accessToken, customClaims);
    params.access_token = accessToken;
    params.token_type = 'Bearer';
    params.expires_in = String(tokens.accessToken ? tokens.expiresIn : OPAQUE_TOKEN_LIFETIME_S);
    params.scope = tokens.scopes.join(' ');
  }
  if (responseType.idToken && tokens.idToken) {
    const payload = { ...tokens.idToken };
    if (accessToken !== undefined) payload.at_hash = leftHalfHash(accessToken);
    if (code !== undefined) payload.c_hash = leftHalfHash(code);
    params.id_token = await signToken(keys, payload);
  }
  return params;
};
