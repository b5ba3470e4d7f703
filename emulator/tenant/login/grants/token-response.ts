import { idTokenCustomClaims } from '../endpoints/userinfo.ts';
import type { LoginContext } from '../login-context.ts';
import type { EarlySignatures, LoginTokens } from '../post-login/post-login-input.ts';
import { OPAQUE_TOKEN_LIFETIME_S } from '../session/login-state.ts';
import { type SigningKeys, signToken, signTokenNow } from './signing-keys.ts';

export interface TokenResponseBody {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  scope: string;
  expires_in: number;
  token_type: 'Bearer';
}

const quietly = (signing: Promise<string>): Promise<string | undefined> => signing.catch(() => undefined);

// Where a signature is made. libuv's pool signs beside the event loop, which a busy tenant needs; but
// handing it a signature wakes a sleeping pool thread, and its answer wakes the event loop, and on a
// machine whose idle cores halt (this one, a microVM) each such wake-up took 0.1 to 0.25 ms. A tenant
// answering nobody else therefore signs the ID token itself while the pool signs the access token:
// a sequential login's p50 fell by 70 to 250 µs (median 145, 4 to 12%) and a refresh's by 265 to
// 285 µs (15 to 17%), with the same bytes signed (the bench's tenant and app, the two ways alternating
// every 5 logins, 1,000 a side, 7 runs for logins and 2 for refreshes, on a machine loaded by other work).

/**
 * Node's own `setImmediate`, taken when this module loads: a test that fakes timers (vitest's
 * `vi.useFakeTimers()` fakes `setImmediate` too) would otherwise never see the ID token signed.
 */
const nextTurn = setImmediate;

/** Signs on this thread if the tenant answers no more than `answering` requests, else in the pool. */
const signHereIfIdle = (
  context: LoginContext,
  keys: SigningKeys,
  payload: Record<string, unknown>,
  answering: number,
): Promise<string> => {
  if (context.tenant.load.answering > answering) return signToken(keys, payload);
  try {
    return Promise.resolve(signTokenNow(keys, payload));
  } catch (error) {
    return Promise.reject(error);
  }
};

/**
 * Starts both signatures of a login whose code is being issued (see `EarlySignatures`): the access
 * token's in the pool at once, the ID token's on the next turn, once the redirect has gone out, on
 * this thread if the tenant then answers nobody else: it signs while the app follows the redirect.
 */
export const signEarly = (context: LoginContext, tokens: LoginTokens): EarlySignatures => {
  const { keys } = context.state;
  const { idToken, accessToken } = tokens;
  return {
    accessToken: accessToken ? quietly(signToken(keys, accessToken)) : undefined,
    idToken: idToken
      ? quietly(
          new Promise<void>((turned) => nextTurn(turned)).then(() =>
            signHereIfIdle(context, keys, idToken, 0),
          ),
        )
      : undefined,
  };
};

/** The early signature if it was made, else one made now: the ID token's here if only this request is answered. */
const signed = async (
  context: LoginContext,
  early: Promise<string | undefined> | undefined,
  payload: Record<string, unknown>,
  where: 'pool' | 'here-if-idle',
): Promise<string> =>
  (early && (await early)) ??
  (where === 'pool'
    ? signToken(context.state.keys, payload)
    : signHereIfIdle(context, context.state.keys, payload, 1));

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
  // Both signatures at once: the access token's in the pool first, then the ID token's beside it.
  const signingAccess = tokens.accessToken
    ? signed(context, early?.accessToken, tokens.accessToken, 'pool')
    : undefined;
  const idToken = tokens.idToken
    ? signed(context, early?.idToken, tokens.idToken, 'here-if-idle')
    : undefined;
  const accessToken = signingAccess
    ? await signingAccess
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
