import type { PreferencesPatch } from './preferences-patch.ts';
import { oauthErrorCode, refreshClaims, type TokenClient } from './refresh-claims.ts';
import type { UpdateResult } from './results.ts';

export interface UpdatePreferencesOptions {
  /** Our API's identifier, when the client's default audience is something else. */
  readonly audience?: string;
  readonly fetch?: typeof fetch;
}

/** spa-js error codes that only the user, at the login page, can resolve. */
const NEEDS_LOGIN: ReadonlySet<string> = new Set([
  'login_required',
  'consent_required',
  'interaction_required',
  'mfa_required',
  'missing_refresh_token',
  'invalid_grant',
]);

const readJson = async (response: Response): Promise<Record<string, unknown>> => {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
};

const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);

/**
 * Saves a change of the user's own preferences through our API (never the Management API: the SPA
 * holds no token that can write it), then refreshes so the ID token carries the new values.
 * Never throws; once the API has saved, the result says so whatever the refresh does.
 */
export const updatePreferences = async (
  client: TokenClient,
  apiBase: string,
  patch: PreferencesPatch,
  options: UpdatePreferencesOptions = {},
): Promise<UpdateResult> => {
  let token: string | undefined;
  try {
    token = await client.getTokenSilently(
      options.audience === undefined ? {} : { authorizationParams: { audience: options.audience } },
    );
  } catch (error) {
    const reason = oauthErrorCode(error);
    if (reason !== undefined && NEEDS_LOGIN.has(reason)) {
      return { status: 'login-required', reason, message: 'not saved: log in again, then retry' };
    }
    // A timeout, a network failure or a tenant hiccup: sending the user to log in would only lose
    // the change they typed; trying again is the cure.
    return {
      status: 'failed',
      message: `not saved: no token for the preferences service (${reason ?? 'network failure or timeout'}); try again`,
    };
  }

  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(new URL('me/preferences', `${apiBase.replace(/\/+$/, '')}/`), {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(patch),
    });
  } catch {
    return { status: 'failed', message: 'not saved: the preferences service could not be reached' };
  }

  const body = await readJson(response);
  if (response.ok) {
    const refreshed = await refreshClaims(client);
    return refreshed.status === 'updated'
      ? refreshed
      : { status: 'saved-but-stale', reason: refreshed.reason, message: refreshed.message };
  }
  const message = text(body.message, `not saved: HTTP ${response.status}`);
  switch (response.status) {
    case 400:
      return {
        status: 'rejected',
        error: text(body.error, 'invalid_request'),
        field: typeof body.field === 'string' ? body.field : null,
        message,
      };
    case 401:
    case 403:
      return { status: 'login-required', reason: text(body.error, 'unauthorized'), message };
    case 429:
    case 503:
      return {
        status: 'retry-later',
        retryAfterS: Number(response.headers.get('retry-after')) || 1,
        message,
      };
    default:
      return { status: 'failed', message };
  }
};
