import * as v from 'valibot';
import { type ClaimSpec, isGroupSpec } from '../claims/index.ts';
import { countUndeclared, type FieldDropReason, fieldEntry, type Tally } from './tally.ts';

// One claim of one user, key by key: each declared value present in the metadata is emitted or
// dropped (and why); each undeclared key is counted, with whether the legacy Rule emitted it.

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const own = (record: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** Strings judged per schema: this many at most, so a varied export cannot grow it without bound. */
const VERDICTS_PER_SCHEMA = 1_000;
const verdicts = new WeakMap<v.GenericSchema, Map<string, boolean>>();

/**
 * Whether a dropped value is valid for its schema, i.e. dropped for the budget. A string's verdict is
 * kept: exports repeat their bad values, and a locale or time zone check throws and catches inside
 * valibot for each one (4.6% of an audit worker's time on the bench's export before).
 */
const isValid = (schema: v.GenericSchema, value: unknown): boolean => {
  if (typeof value !== 'string') return v.safeParse(schema, value).success;
  let known = verdicts.get(schema);
  if (!known) {
    known = new Map();
    verdicts.set(schema, known);
  }
  const kept = known.get(value);
  if (kept !== undefined) return kept;
  const valid = v.safeParse(schema, value).success;
  if (known.size < VERDICTS_PER_SCHEMA) known.set(value, valid);
  return valid;
};

/** Paths written at most, so that an export whose key names never repeat cannot grow the cache. */
const MAX_PATHS = 4_096;
const paths = new Map<string, Map<string, string>>();
let pathCount = 0;

/**
 * `<prefix>.<name>`, written once per name: every user's every metadata key is counted under its
 * path, and a path written afresh for each was garbage, and a new string for the tally to look up.
 */
const pathOf = (prefix: string, name: string): string => {
  let named = paths.get(prefix);
  if (!named) {
    if (pathCount >= MAX_PATHS) return `${prefix}.${name}`;
    named = new Map();
    paths.set(prefix, named);
    pathCount++;
  }
  let path = named.get(name);
  if (path === undefined) {
    path = `${prefix}.${name}`;
    if (pathCount < MAX_PATHS) {
      named.set(name, path);
      pathCount++;
    }
  }
  return path;
};

export interface ClaimContext {
  readonly tally: Tally;
  readonly name: string;
  readonly spec: ClaimSpec;
  /** The claim as the Action emitted it; undefined when the token was not issued. */
  readonly emitted: Record<string, unknown> | undefined;
  readonly legacy: Record<string, unknown> | undefined;
}

const dropReason = (emitted: unknown, schema: v.GenericSchema, raw: unknown): FieldDropReason =>
  emitted === undefined ? 'login_failed' : isValid(schema, raw) ? 'over_budget' : 'invalid';

const countLeaf = (
  ctx: ClaimContext,
  path: string,
  schema: v.GenericSchema,
  raw: unknown,
  emittedValue: unknown,
): FieldDropReason | undefined => {
  const entry = fieldEntry(ctx.tally, path);
  entry.present++;
  if (emittedValue !== undefined) {
    entry.emitted++;
    return undefined;
  }
  const reason = dropReason(ctx.emitted, schema, raw);
  entry.dropped[reason] = (entry.dropped[reason] ?? 0) + 1;
  return reason;
};

/**
 * Declared keys and fields: present, emitted, or dropped and why; undeclared ones: seen, and whether
 * the legacy Rule emitted them. True when a valid value was left out to keep the claim in budget.
 */
export const auditClaim = (ctx: ClaimContext, metadata: Record<string, unknown>): boolean => {
  const { spec, emitted, legacy, tally } = ctx;
  let overBudget = false;
  for (const key in metadata) {
    const raw = metadata[key];
    const path = pathOf(spec.source, key);
    const keySpec = Object.hasOwn(spec.keys, key) ? spec.keys[key] : undefined;
    if (!keySpec) {
      countUndeclared(tally, path, legacy !== undefined && isRecord(legacy) && Object.hasOwn(legacy, key));
      continue;
    }
    if (raw === undefined) continue;
    const emittedKey = emitted && own(emitted, key);
    if (!isGroupSpec(keySpec)) {
      if (countLeaf(ctx, path, keySpec.schema, raw, emittedKey) === 'over_budget') overBudget = true;
      continue;
    }
    const group = fieldEntry(tally, path);
    group.present++;
    if (!isRecord(raw)) {
      group.dropped.not_an_object = (group.dropped.not_an_object ?? 0) + 1;
      continue;
    }
    if (emittedKey !== undefined) group.emitted++;
    else {
      const reason = emitted === undefined ? 'login_failed' : 'nothing_kept';
      group.dropped[reason] = (group.dropped[reason] ?? 0) + 1;
    }
    const legacyGroup = legacy && own(legacy, key);
    for (const field in raw) {
      const fieldRaw = raw[field];
      const fieldSpec = Object.hasOwn(keySpec.fields, field) ? keySpec.fields[field] : undefined;
      if (!fieldSpec) {
        countUndeclared(
          tally,
          pathOf(path, field),
          isRecord(legacyGroup) && Object.hasOwn(legacyGroup, field),
        );
      } else if (fieldRaw !== undefined) {
        const emittedField = isRecord(emittedKey) ? own(emittedKey, field) : undefined;
        if (countLeaf(ctx, pathOf(path, field), fieldSpec.schema, fieldRaw, emittedField) === 'over_budget')
          overBudget = true;
      }
    }
  }
  return overBudget;
};
