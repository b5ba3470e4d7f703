import type { Auth0Client } from '@auth0/auth0-spa-js';
import { readPreferences } from './claims.ts';
import { REFRESH_FAILED_MESSAGE, type RefreshResult, STALE_MESSAGE, type StaleReason } from './results.ts';

/** The part of spa-js's client these helpers use; an `Auth0Client` fits. */
export type TokenClient = Pick<Auth0Client, 'getTokenSilently' | 'getUser'>;

const LOGIN_AGAIN: readonly StaleReason[] = ['missing_refresh_token', 'invalid_grant', 'login_required'];

/** spa-js errors carry the OAuth error code in `error` (`GenericError` and its subclasses). */
export const oauthErrorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'error' in error && typeof error.error === 'string'
    ? error.error
    : undefined;

/**
 * Fetches new tokens past spa-js's cache, so the post-login Action runs again and puts the user's
 * current metadata into a new ID token, then reads the claims from it. Never throws: a refresh that
 * cannot happen comes back as `stale`, with the reason.
 */
export const refreshClaims = async (client: TokenClient): Promise<RefreshResult> => {
  try {
    await client.getTokenSilently({ cacheMode: 'off' });
  } catch (error) {
    const code = oauthErrorCode(error);
    const reason = LOGIN_AGAIN.find((known) => known === code);
    return reason
      ? { status: 'stale', reason, message: STALE_MESSAGE }
      : { status: 'stale', reason: 'refresh_failed', message: REFRESH_FAILED_MESSAGE };
  }
  return { status: 'updated', claims: readPreferences(await client.getUser()) };
};
