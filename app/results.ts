import type { UserPreferences } from './claims.ts';

/** Why new tokens could not be fetched; the first three need the user to log in again. */
export type StaleReason = 'missing_refresh_token' | 'invalid_grant' | 'login_required' | 'refresh_failed';

export const STALE_MESSAGE = 'saved, but the tokens are stale: log in again';
export const REFRESH_FAILED_MESSAGE = 'saved, but the tokens could not be refreshed yet: try again shortly';

export type RefreshResult =
  | { readonly status: 'updated'; readonly claims: UserPreferences }
  | { readonly status: 'stale'; readonly reason: StaleReason; readonly message: string };

export type UpdateResult =
  /** Saved, and the ID token already carries the new values. */
  | { readonly status: 'updated'; readonly claims: UserPreferences }
  /** Saved for good; only the tokens in this tab are old. Never roll the form back. */
  | { readonly status: 'saved-but-stale'; readonly reason: StaleReason; readonly message: string }
  /** The API refused the change; `field` names the offending field (null: the body as a whole). */
  | {
      readonly status: 'rejected';
      readonly error: string;
      readonly field: string | null;
      readonly message: string;
    }
  /** Nothing was saved: no token for our API without logging in (again), or it lacks the scope. */
  | { readonly status: 'login-required'; readonly reason: string; readonly message: string }
  /** Nothing was saved: too many requests, or the identity provider is busy. */
  | { readonly status: 'retry-later'; readonly retryAfterS: number; readonly message: string }
  /** Nothing was saved as far as we know: network failure or an unexpected answer. */
  | { readonly status: 'failed'; readonly message: string };
