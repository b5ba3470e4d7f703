import type { UpdateResult } from '../../../app/index.ts';

/** What the user can do next, offered as a button beside the message. */
export type NextStep = 'none' | 'log-in' | 'retry' | 'refresh-claims';

/** How one outcome of `updatePreferences` is shown to a person. */
export interface ResultView {
  /** `success` reads as a status; `warning` and `error` interrupt (role="alert"). */
  readonly tone: 'success' | 'warning' | 'error';
  /** One short sentence: was it saved, and is this page up to date. */
  readonly title: string;
  /** The why, in the service's own words where it gave some. */
  readonly detail: string;
  /** The form field to mark and focus (`preferences.language`), or null. */
  readonly field: string | null;
  readonly next: NextStep;
}

/** Needing a new login is the user's job; a refresh that failed otherwise may work in a moment. */
const REFRESHABLE = 'refresh_failed';

/** The helpers' messages start "not saved: ..." and the API's "<field>: ..."; the title says both. */
const sentence = (message: string, field: string | null): string => {
  let text = message.replace(/^not saved:\s*/i, '');
  if (field !== null && text.startsWith(`${field}: `)) text = text.slice(field.length + 2);
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};

/**
 * The six results of `updatePreferences` in a person's words. The first thing each says is whether
 * the change was saved, because that is what a person needs to know before anything else: a change
 * saved but not yet in this page's token must never look like a failure, nor the reverse.
 */
export const viewOfResult = (result: UpdateResult, fieldLabel: (path: string) => string): ResultView => {
  switch (result.status) {
    case 'updated':
      return {
        tone: 'success',
        title: 'Saved. Your new ID token carries the change.',
        detail: 'The claims below come from the refreshed token.',
        field: null,
        next: 'none',
      };
    case 'saved-but-stale':
      return result.reason === REFRESHABLE
        ? {
            tone: 'warning',
            title: 'Saved, but this page still shows your previous token.',
            detail: 'New tokens could not be fetched just now. Your change is kept; refresh in a moment.',
            field: null,
            next: 'refresh-claims',
          }
        : {
            tone: 'warning',
            title: 'Saved, but your session here has ended.',
            detail: 'Your change is kept. Log in again to see it in your tokens.',
            field: null,
            next: 'log-in',
          };
    case 'rejected':
      return {
        tone: 'error',
        title:
          result.field === null
            ? 'Not saved: the service refused the change.'
            : `Not saved: ${fieldLabel(result.field)} was refused.`,
        detail: sentence(result.message, result.field),
        field: result.field,
        next: 'none',
      };
    case 'retry-later':
      return {
        tone: 'warning',
        title: 'Not saved yet: the service is busy.',
        detail: `Try again in ${result.retryAfterS} s. What you typed is still in the form.`,
        field: null,
        next: 'retry',
      };
    case 'login-required':
      return {
        tone: 'error',
        title: 'Not saved: log in again to save.',
        detail: 'What you typed comes back in the form after you log in.',
        field: null,
        next: 'log-in',
      };
    case 'failed':
      return {
        tone: 'error',
        title: 'Not saved: something went wrong on the way.',
        detail: `${sentence(result.message, null)} What you typed is still in the form.`,
        field: null,
        next: 'retry',
      };
  }
};
