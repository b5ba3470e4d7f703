import { claimBytes, type LoginOutcome, MAX_CUSTOM_CLAIMS_BYTES } from '../emulator/actions/index.ts';
import { recordSize } from './histogram.ts';
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

const recordLimits = (
  tally: Tally,
  id: string,
  label: string,
  bytes: number,
  limit: number,
  near: number,
) => {
  if (bytes > limit) addToSample(limitEntry(tally, label).over, id);
  else if (bytes >= limit * near) addToSample(limitEntry(tally, label).near, id);
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
  const idBytes = customBytes(legacy.idToken);
  const accessBytes = customBytes(legacy.accessToken);
  recordSize(tally.sizes.legacy.id, idBytes);
  recordSize(tally.sizes.legacy.access, accessBytes);
  recordLimits(tally, id, 'legacy Rule: ID token 100 KB', idBytes, MAX_CUSTOM_CLAIMS_BYTES, NEAR_TOKEN_LIMIT);
  recordLimits(
    tally,
    id,
    'legacy Rule: access token 100 KB',
    accessBytes,
    MAX_CUSTOM_CLAIMS_BYTES,
    NEAR_TOKEN_LIMIT,
  );
};

/** The Action's tokens: their custom claims' sizes, and whether they are near or over 100 KB. */
export const recordTokens = (tally: Tally, id: string, outcome: LoginOutcome) => {
  const { idToken, accessToken } = outcome;
  if (idToken) {
    recordSize(tally.sizes.action.id, idToken.customClaimsBytes);
    recordLimits(
      tally,
      id,
      'ID token 100 KB',
      idToken.customClaimsBytes,
      MAX_CUSTOM_CLAIMS_BYTES,
      NEAR_TOKEN_LIMIT,
    );
  }
  if (accessToken) {
    recordSize(tally.sizes.action.access, accessToken.customClaimsBytes);
    recordLimits(
      tally,
      id,
      'access token 100 KB',
      accessToken.customClaimsBytes,
      MAX_CUSTOM_CLAIMS_BYTES,
      NEAR_TOKEN_LIMIT,
    );
  }
};
