import { claimBytes, type LoginOutcome, MAX_CUSTOM_CLAIMS_BYTES } from '../emulator/actions/index.ts';
import { type Histogram, recordSize } from './histogram.ts';
import type { LegacyClaims } from './legacy-rule.ts';
import { addToSample, countMessage, limitEntry, type Tally } from './tally.ts';

// What one audited login's outcome adds to the tally beside its claims: failures, denials and the
// Action's own catch-all, and the sizes of both builds' tokens against Auth0's 100 KB.

/** A token at or above this share of Auth0's 100 KB of custom claims is "near" the limit. */
export const NEAR_TOKEN_LIMIT = 0.8;

const customBytes = (claims: Record<string, unknown>): number => {
  let total = 0;
  for (const name in claims) total += claimBytes(name, claims[name]);
  return total;
};

/** Without --show-values a message keeps its shape only: quoted text and numbers could be metadata. */
const maskMessage = (message: string, showValues: boolean): string =>
  showValues
    ? message.slice(0, 200)
    : message
        .replace(/"[^"]*"|'[^']*'|`[^`]*`/g, '"…"')
        .replace(/\d+/g, 'N')
        .slice(0, 160);

/**
 * One token's custom claims: their size into `histogram`, and the login into the sample of tokens
 * over Auth0's 100 KB, or near it, under `label`.
 */
const recordToken = (tally: Tally, id: string, histogram: Histogram, label: string, bytes: number) => {
  recordSize(histogram, bytes);
  if (bytes > MAX_CUSTOM_CLAIMS_BYTES) addToSample(limitEntry(tally, label).over, id);
  else if (bytes >= MAX_CUSTOM_CLAIMS_BYTES * NEAR_TOKEN_LIMIT)
    addToSample(limitEntry(tally, label).near, id);
};

export const recordFailures = (tally: Tally, id: string, outcome: LoginOutcome, showValues: boolean) => {
  if (outcome.error) {
    addToSample(tally.failures.failed, id);
    countMessage(tally, `fails: ${maskMessage(outcome.error.message, showValues)}`);
  } else if (outcome.denied) {
    addToSample(tally.failures.denied, id);
    countMessage(tally, `denied: ${maskMessage(outcome.denied.reason, showValues)}`);
  }
  // The Action's own catch-all logs this and lets the login through without claims.
  if (outcome.logs.some((line) => line.startsWith('claims: skipped'))) addToSample(tally.failures.caught, id);
};

export const recordLegacy = (tally: Tally, id: string, legacy: LegacyClaims) => {
  if (legacy.error) addToSample(tally.failures.legacyFailed, id);
  const { legacy: sizes } = tally.sizes;
  recordToken(tally, id, sizes.id, 'legacy Rule: ID token 100 KB', customBytes(legacy.idToken));
  recordToken(tally, id, sizes.access, 'legacy Rule: access token 100 KB', customBytes(legacy.accessToken));
};

/** The Action's tokens: their custom claims' sizes, and whether they are near or over 100 KB. */
export const recordTokens = (tally: Tally, id: string, outcome: LoginOutcome) => {
  const { idToken, accessToken } = outcome;
  const { action: sizes } = tally.sizes;
  if (idToken) recordToken(tally, id, sizes.id, 'ID token 100 KB', idToken.customClaimsBytes);
  if (accessToken) recordToken(tally, id, sizes.access, 'access token 100 KB', accessToken.customClaimsBytes);
};
