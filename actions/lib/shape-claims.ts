import * as v from 'valibot';
import {
  type ClaimSpec,
  type ContractSpec,
  type FieldSpec,
  isGroupSpec,
  type KeySpec,
  type MetadataSource,
  type TokenKind,
} from '../../claims/define.ts';

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

/**
 * UTF-8 length of a string without encoding it: the claims code runs in Auth0's Node and in the
 * browser (`app/`), and TextEncoder would allocate a buffer per call on the login path. Lone
 * surrogates count as U+FFFD (3 bytes), as an encoder would write them.
 */
export const utf8ByteLength = (text: string): number => {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: two units, four bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
};

const byteLength = utf8ByteLength;

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own enumerable keys only: inherited names such as `constructor` are never read from metadata. */
const ownValue = (record: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const validated = (schema: v.GenericSchema, value: unknown): { ok: true; value: unknown } | { ok: false } => {
  const result = v.safeParse(schema, value);
  return result.success ? { ok: true, value: result.output } : { ok: false };
};

/** `"key":value` as it appears inside the claim's JSON object. */
const entryBytes = (key: string, value: unknown): number =>
  byteLength(JSON.stringify(key)) + 1 + byteLength(JSON.stringify(value));

/**
 * Keeps the claim within its budget. Almost every claim fits, so the whole value is measured once;
 * only an oversized one is rebuilt key by key, in contract (priority) order, skipping keys that would
 * not fit.
 */
const withinBudget = (
  name: string,
  source: string,
  entries: Array<[string, unknown]>,
  maxBytes: number,
  dropped: DroppedValue[],
): { value: Record<string, unknown>; bytes: number } => {
  const whole: Record<string, unknown> = {};
  for (const [key, shaped] of entries) whole[key] = shaped;
  const nameBytes = byteLength(JSON.stringify(name));
  const wholeBytes = nameBytes + byteLength(JSON.stringify(whole));
  if (wholeBytes <= maxBytes) return { value: whole, bytes: wholeBytes };

  const value: Record<string, unknown> = {};
  let bytes = nameBytes + 2; // `{}`
  for (const [key, shaped] of entries) {
    const added = entryBytes(key, shaped) + (bytes > nameBytes + 2 ? 1 : 0); // the joining comma
    if (bytes + added > maxBytes) {
      dropped.push({ path: `${source}.${key}`, reason: 'over_budget' });
      continue;
    }
    value[key] = shaped;
    bytes += added;
  }
  return { value, bytes };
};

/** Reports every own key of `record` that `declared` does not list. */
const reportUnknown = (
  record: Record<string, unknown>,
  declared: object,
  path: string,
  dropped: DroppedValue[],
) => {
  for (const key of Object.keys(record)) {
    if (!Object.hasOwn(declared, key)) dropped.push({ path: `${path}.${key}`, reason: 'unknown' });
  }
};

/** The declared, valid part of one key's value, or undefined when nothing of it is kept. */
const shapeKey = (spec: KeySpec, raw: unknown, path: string, dropped: DroppedValue[]): unknown => {
  if (!isGroupSpec(spec)) {
    const result = validated(spec.schema, raw);
    if (!result.ok) dropped.push({ path, reason: 'invalid' });
    return result.ok ? result.value : undefined;
  }
  if (!isPlainRecord(raw)) {
    dropped.push({ path, reason: 'not_an_object' });
    return undefined;
  }
  reportUnknown(raw, spec.fields, path, dropped);
  const group: Record<string, unknown> = {};
  let kept = 0;
  for (const field in spec.fields) {
    const fieldRaw = ownValue(raw, field);
    if (fieldRaw === undefined) continue;
    const result = validated((spec.fields[field] as FieldSpec).schema, fieldRaw);
    if (result.ok) {
      group[field] = result.value;
      kept++;
    } else dropped.push({ path: `${path}.${field}`, reason: 'invalid' });
  }
  return kept > 0 ? group : undefined;
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

  for (const claimKey in contract.claims) {
    const claim = contract.claims[claimKey] as ClaimSpec;
    if (!tokens.includes(claim.token)) continue;
    const source = metadata[claim.source];
    if (source !== undefined && !isPlainRecord(source)) {
      dropped.push({ path: claim.source, reason: 'not_an_object' });
    }
    const record = isPlainRecord(source) ? source : {};
    reportUnknown(record, claim.keys, claim.source, dropped);

    const entries: Array<[string, unknown]> = [];
    for (const key in claim.keys) {
      const raw = ownValue(record, key);
      if (raw === undefined) continue;
      const shaped = shapeKey(claim.keys[key] as KeySpec, raw, `${claim.source}.${key}`, dropped);
      if (shaped !== undefined) entries.push([key, shaped]);
    }
    const name = `${contract.namespace}${claimKey}`;
    const { value, bytes } = withinBudget(name, claim.source, entries, claim.maxBytes, dropped);
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
