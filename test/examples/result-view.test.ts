import { describe, expect, it } from 'vitest';
import type { UpdateResult } from '../../app/index.ts';
import { REFRESH_FAILED_MESSAGE, STALE_MESSAGE } from '../../app/index.ts';
import { viewOfResult } from '../../examples/spa/src/result-view.ts';

const label = (path: string) => (path === 'preferences.language' ? 'Language' : path);

/** One of each result `updatePreferences` returns, as it returns them. */
const RESULTS: readonly UpdateResult[] = [
  { status: 'updated', claims: { preferences: { language: 'fr-CA' } } },
  { status: 'saved-but-stale', reason: 'refresh_failed', message: REFRESH_FAILED_MESSAGE },
  { status: 'saved-but-stale', reason: 'invalid_grant', message: STALE_MESSAGE },
  {
    status: 'rejected',
    error: 'invalid_value',
    field: 'preferences.language',
    message: 'preferences.language: not a BCP 47 language tag',
  },
  { status: 'rejected', error: 'invalid_body', field: null, message: 'the body is not valid JSON' },
  {
    status: 'retry-later',
    retryAfterS: 30,
    message: 'the identity provider is rate limiting us; retry later',
  },
  { status: 'login-required', reason: 'login_required', message: 'not saved: log in again, then retry' },
  { status: 'failed', message: 'not saved: the preferences service could not be reached' },
];

describe('how the sample app shows each result of updatePreferences', () => {
  it('says first whether the change was saved, and only then why this page may lag', () => {
    for (const result of RESULTS) {
      const saved = result.status === 'updated' || result.status === 'saved-but-stale';
      expect(viewOfResult(result, label).title, result.status).toMatch(saved ? /^Saved/ : /^Not saved/);
    }
  });

  it('offers the step that fixes it: log in, try again, or refresh the claims', () => {
    expect(RESULTS.map((result) => `${result.status} ${viewOfResult(result, label).next}`)).toEqual([
      'updated none',
      'saved-but-stale refresh-claims',
      'saved-but-stale log-in',
      'rejected none',
      'rejected none',
      'retry-later retry',
      'login-required log-in',
      'failed retry',
    ]);
  });

  it("puts a refusal next to its field, in the API's words without the field's path", () => {
    expect(viewOfResult(RESULTS[3] as UpdateResult, label)).toEqual({
      tone: 'error',
      title: 'Not saved: Language was refused.',
      detail: 'Not a BCP 47 language tag.',
      field: 'preferences.language',
      next: 'none',
    });
    expect(viewOfResult(RESULTS[5] as UpdateResult, label).detail).toBe(
      'Try again in 30 s. What you typed is still in the form.',
    );
    expect(viewOfResult(RESULTS[7] as UpdateResult, label).detail).toBe(
      'The preferences service could not be reached. What you typed is still in the form.',
    );
  });
});
