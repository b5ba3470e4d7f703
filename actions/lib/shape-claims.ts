import * as v from 'valibot';
import { type ContractSpec, isGroupSpec, type MetadataSource, type TokenKind } from '../../claims/define.ts';

/** Why a piece of metadata did not reach a token. */
export type DropReason = 'invalid' | 'unknown' | 'over_budget' | 'not_an_object';

export interface DroppedValue {
  /** `user_metadata.preferences.colour`: the source and the path inside it, never the value. */
  readonly path: string;
  readonly reason: DropReason;
}

export interface ShapedClaim {
  readonly name: string;
  readonly token: TokenKind;
  readonly value: Record<string, unknown>;
  /** UTF-8 bytes of the claim name plus its JSON value, as the budget counts them. */
  readonly bytes: number;
}

export interface ShapedClaims {
  readonly claims: ShapedClaim[];
  readonly dropped: DroppedValue[];
}

export type ProfileMetadata = Partial<Record<MetadataSource, unknown>>;

const utf8 = new TextEncoder();
const byteLength = (text: string) => utf8.encode(text).length;

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own enumerable keys only: inherited names such as `constructor` are never read from metadata. */
const ownValue = (record: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const validated = (schema: v.GenericSchema, value: unknown): { ok: true; value: unknown } | { ok: false } => {
  const result = v.safeParse(schema, value);
  return result.success ? { ok: true, value: result.output } : { ok: false };
};

/**
 * Builds the custom claims of the given tokens from a user's metadata, keeping exactly what the
 * contract declares. Never throws for any metadata: whatever is absent, malformed, undeclared or over
 * budget is left out and reported in `dropped`. Values are rebuilt from declared names only, so keys
 * such as `__proto__` in the input cannot reach the output or any prototype.
 */
export const shapeClaims = (
  contract: ContractSpec,
  metadata: ProfileMetadata,
  tokens: readonly TokenKind[],
): ShapedClaims => {
  const claims: ShapedClaim[] = [];
  const dropped: DroppedValue[] = [];

  for (const [claimKey, claim] of Object.entries(contract.claims)) {
    if (!tokens.includes(claim.token)) continue;
    const name = `${contract.namespace}${claimKey}`;
    const source = metadata[claim.source];
    const record = isPlainRecord(source) ? source : {};
    if (source !== undefined && !isPlainRecord(source)) {
      dropped.push({ path: claim.source, reason: 'not_an_object' });
    }

    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(claim.keys, key))
        dropped.push({ path: `${claim.source}.${key}`, reason: 'unknown' });
    }

    const value: Record<string, unknown> = {};
    const nameBytes = byteLength(JSON.stringify(name));
    let bytes = nameBytes + byteLength('{}');

    for (const [key, spec] of Object.entries(claim.keys)) {
      const raw = ownValue(record, key);
      if (raw === undefined) continue;
      const path = `${claim.source}.${key}`;
      let shaped: unknown;
      if (isGroupSpec(spec)) {
        if (!isPlainRecord(raw)) {
          dropped.push({ path, reason: 'not_an_object' });
          continue;
        }
        const group: Record<string, unknown> = {};
        for (const field of Object.keys(raw)) {
          if (!Object.hasOwn(spec.fields, field))
            dropped.push({ path: `${path}.${field}`, reason: 'unknown' });
        }
        for (const [field, fieldSpec] of Object.entries(spec.fields)) {
          const fieldRaw = ownValue(raw, field);
          if (fieldRaw === undefined) continue;
          const result = validated(fieldSpec.schema, fieldRaw);
          if (result.ok) group[field] = result.value;
          else dropped.push({ path: `${path}.${field}`, reason: 'invalid' });
        }
        if (Object.keys(group).length === 0) continue;
        shaped = group;
      } else {
        const result = validated(spec.schema, raw);
        if (!result.ok) {
          dropped.push({ path, reason: 'invalid' });
          continue;
        }
        shaped = result.value;
      }
      // `"key":value` plus the comma that joins it to a previous entry.
      const entryBytes =
        byteLength(JSON.stringify(key)) +
        1 +
        byteLength(JSON.stringify(shaped)) +
        (bytes > nameBytes + 2 ? 1 : 0);
      if (bytes + entryBytes > claim.maxBytes) {
        dropped.push({ path, reason: 'over_budget' });
        continue;
      }
      value[key] = shaped;
      bytes += entryBytes;
    }
    claims.push({ name, token: claim.token, value, bytes });
  }
  return { claims, dropped };
};

const MAX_LOG_CHARS = 240;
const MAX_PATH_CHARS = 60;

/** Key names come from the user's metadata: keep them printable, on one line, and short. */
const printablePath = (path: string): string => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this replaces
  const clean = path.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/gu, '?');
  return clean.length > MAX_PATH_CHARS ? `${clean.slice(0, MAX_PATH_CHARS - 1)}…` : clean;
};

/**
 * One short log line naming what was dropped and why, never the values (they are personal data).
 * Auth0 keeps 256 characters of a `console.log`, so the list is cut with a count of what is left.
 */
export const describeDropped = (dropped: readonly DroppedValue[]): string => {
  const head = `claims: dropped ${dropped.length}:`;
  let line = head;
  for (const [index, item] of dropped.entries()) {
    const part = ` ${printablePath(item.path)} (${item.reason})`;
    const rest = dropped.length - index - 1;
    const suffix = rest > 0 ? ` +${rest} more` : '';
    if (line.length + part.length + suffix.length > MAX_LOG_CHARS) {
      return `${line} +${dropped.length - index} more`;
    }
    line += part;
  }
  return line;
};
