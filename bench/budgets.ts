// Every budget `npm run bench -- --check` holds, in one place. Each is a ratio to a floor measured in
// the same run (these machines are shared and noisy, so absolute times say little), except the two
// that are sizes. A figure past its budget fails `--check`.

export interface Budget {
  /** What the budget applies to: the figure's ratio to its floor, or the figure itself. */
  readonly of: 'ratio' | 'value';
  readonly atMost?: number;
  readonly atLeast?: number;
}

export const BUDGETS = {
  /** Logins/s with 8 concurrent clients against RS256 signing alone on every core (two per login). */
  'login.concurrent': { of: 'ratio', atLeast: 0.3 },
  /** Sequential login p50 against two RS256 signatures one after the other on one thread. */
  'login.sequential': { of: 'ratio', atMost: 3 },
  /** The claims Action's handler (median, large profile) against `JSON.stringify` of what it emits. */
  'claims.handler': { of: 'ratio', atMost: 2 },
  /** The claims Action's bundle, bytes. */
  'claims.bundle': { of: 'value', atMost: 9_000 },
  /** The audit on every core against one thread that only gunzips, splits and `JSON.parse`s the export. */
  'audit.time': { of: 'ratio', atMost: 2.5 },
  /** The audit's peak RSS at 1,000,000 users, MB. */
  'audit.rss': { of: 'value', atMost: 300 },
  /** A no-op plan against auth0-deploy-cli's own `--dry-run` of the same files. */
  'plan.noop': { of: 'ratio', atMost: 0.02 },
  /** A no-op deploy against a raw auth0-deploy-cli import of the same files. */
  'deploy.noop': { of: 'ratio', atMost: 0.05 },
} as const satisfies Record<string, Budget>;

export type BudgetName = keyof typeof BUDGETS;
