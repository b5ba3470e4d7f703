import type { LoginOutcome } from '../emulator/actions/index.ts';
import type { ClaimDiff } from './tally.ts';

/** How many differing leaves one user's sample keeps. */
const MAX_DIFFS_PER_USER = 20;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Leaves as JSON text by dotted path; arrays and scalars are leaves, empty objects too. */
const leaves = (prefix: string, value: unknown, out: Map<string, string>): Map<string, string> => {
  if (isRecord(value) && Object.keys(value).length > 0) {
    for (const key in value) leaves(`${prefix}.${key}`, value[key], out);
  } else out.set(prefix, JSON.stringify(value));
  return out;
};

/** What a login gave: its tokens' payloads, or how it ended instead. */
const loginLeaves = (outcome: LoginOutcome): Map<string, string> => {
  const out = new Map<string, string>();
  if (outcome.error) out.set('login', '"fails"');
  else if (outcome.denied) out.set('login', '"denied"');
  if (outcome.idToken) leaves('id_token', outcome.idToken.payload, out);
  if (outcome.accessToken) leaves('access_token', outcome.accessToken.payload, out);
  return out;
};

const quick = (outcome: LoginOutcome): string =>
  JSON.stringify([
    outcome.error?.message,
    outcome.denied,
    outcome.idToken?.payload,
    outcome.accessToken?.payload,
  ]);

/**
 * The leaves in which two builds' logins of one user differ (this build against the other), by
 * path; values only with `showValues`. Equal logins, nearly all of them, cost one comparison.
 */
export const diffPayloads = (
  current: LoginOutcome,
  other: LoginOutcome,
  showValues: boolean,
): ClaimDiff[] => {
  if (quick(current) === quick(other)) return [];
  const now = loginLeaves(current);
  const before = loginLeaves(other);
  const diffs: ClaimDiff[] = [];
  const value = (text: string | undefined) => (text === undefined ? undefined : JSON.parse(text));
  const push = (path: string, change: ClaimDiff['change']) => {
    if (diffs.length >= MAX_DIFFS_PER_USER) return;
    diffs.push({
      path,
      change,
      ...(showValues ? { before: value(before.get(path)), after: value(now.get(path)) } : {}),
    });
  };
  for (const [path, text] of now) {
    const was = before.get(path);
    if (was === undefined) push(path, 'added');
    else if (was !== text) push(path, 'changed');
  }
  for (const path of before.keys()) if (!now.has(path)) push(path, 'removed');
  return diffs;
};
