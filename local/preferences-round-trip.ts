import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { PREFERENCES_ROUTE } from '../api/preferences-api.ts';
import { readPreferences } from '../app/claims.ts';
import type { TokenResponseBody } from '../emulator/tenant/login/grants/token-response.ts';
import { LOGIN_PATHS } from '../emulator/tenant/login/paths.ts';
import { LocalError } from './errors.ts';

/** Two valid BCP 47 tags: the demo switches to whichever one the user does not have. */
const LANGUAGES = ['fr-CA', 'en-GB'] as const;

export interface RoundTripOptions {
  /** Our preferences API, e.g. `http://127.0.0.1:4001`. */
  readonly apiUrl: string;
  /** The tenant on loopback, e.g. `http://127.0.0.1:4000`. */
  readonly tenantUrl: string;
  /** `https://<domain>/`, which the refreshed ID token must carry. */
  readonly issuer: string;
  /** The SPA client that logged the user in. */
  readonly clientId: string;
  readonly redirectUri: string;
  /** The login's token response: its access token calls the API, its refresh token refreshes. */
  readonly tokens: TokenResponseBody;
}

export interface RoundTrip {
  /** `preferences.language` in the ID token before and after; `after` equals `requested`. */
  readonly before: string | undefined;
  readonly requested: string;
  readonly after: string;
  /** What `PATCH /me/preferences` answered: the user's editable values as saved. */
  readonly saved: unknown;
  readonly refreshed: TokenResponseBody;
}

const failed = (step: string, detail: string) =>
  new LocalError('E_ROUND_TRIP_FAILED', `the preferences round trip failed at ${step}: ${detail}`);

const answerOf = async (response: Response): Promise<unknown> => {
  const body = await response.text();
  try {
    return JSON.parse(body);
  } catch {
    return body.slice(0, 300);
  }
};

/**
 * The product's round trip as an app makes it: change the user's language through our API with
 * their access token, then refresh with their refresh token the way spa-js
 * `getTokenSilently({ cacheMode: 'off' })` does (a form-encoded refresh_token grant). The refreshed
 * ID token is verified against the tenant's keys and must carry the new language.
 */
export const runPreferencesRoundTrip = async (options: RoundTripOptions): Promise<RoundTrip> => {
  const { tokens } = options;
  if (!tokens.id_token || !tokens.refresh_token) {
    throw failed(
      'login',
      'the login returned no ID token or no refresh token (scopes openid, offline_access)',
    );
  }
  const before = readPreferences(decodeJwt(tokens.id_token)).preferences?.language;
  const requested = LANGUAGES.find((tag) => tag !== before) ?? LANGUAGES[0];

  const patch = await fetch(`${options.apiUrl}${PREFERENCES_ROUTE}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${tokens.access_token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ preferences: { language: requested } }),
  });
  const saved = await answerOf(patch);
  if (!patch.ok) throw failed(`PATCH ${PREFERENCES_ROUTE}`, `HTTP ${patch.status} ${JSON.stringify(saved)}`);

  const refresh = await fetch(`${options.tenantUrl}${LOGIN_PATHS.token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: options.clientId,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      redirect_uri: options.redirectUri,
    }).toString(),
  });
  const refreshed = (await answerOf(refresh)) as TokenResponseBody;
  if (!refresh.ok || !refreshed.id_token) {
    throw failed('refresh', `HTTP ${refresh.status} ${JSON.stringify(refreshed)}`);
  }
  const { payload } = await jwtVerify(
    refreshed.id_token,
    createRemoteJWKSet(new URL(`${options.tenantUrl}${LOGIN_PATHS.jwks}`)),
    { issuer: options.issuer, audience: options.clientId, algorithms: ['RS256'] },
  ).catch((error: Error) => {
    throw failed('refresh', `the refreshed ID token does not verify: ${error.message}`);
  });
  const after = readPreferences(payload).preferences?.language;
  if (after !== requested) {
    throw failed('refresh', `the refreshed ID token says language ${after ?? '(none)'}, not ${requested}`);
  }
  return { before, requested, after, saved, refreshed };
};
