import type * as v from 'valibot';
import { jsonBytes, jsonBytesBound, memberBytesBound } from './claim-bytes.ts';
import {
  type AnySchema,
  type ClaimSpec,
  type ContractSpec,
  isGroupSpec,
  type KeySpec,
  type MetadataSource,
  type TokenKind,
} from './define.ts';

/** Why a piece of metadata did not reach a token. */
export type DropReason = 'invalid' | 'unknown' | 'over_budget' | 'not_an_object';

/**
 * A value that did not reach a token: where it sat and why, never the value. The place is kept in
 * parts, so shaping builds no strings; only the log line joins them, for what it prints.
 */
export interface DroppedValue {
  readonly source: MetadataSource;
  /** The key inside `source`, as the metadata spells it; undefined when the source itself was dropped. */
  readonly key: string | undefined;
  /** The field inside a group key, as the metadata spells it; undefined for a key or a source. */
  readonly field: string | undefined;
  readonly reason: DropReason;
}

/** `user_metadata.preferences.colour`: the source and the path inside it. */
export const droppedPath = ({ source, key, field }: DroppedValue): string =>
  key === undefined ? source : field === undefined ? `${source}.${key}` : `${source}.${key}.${field}`;

/** One custom claim; `claimBytes(name, value)` is its size as the budget counts it. */
export interface ShapedClaim {
  readonly name: string;
  readonly token: TokenKind;
  readonly value: Record<string, unknown>;
}

export interface ShapedClaims {
  readonly claims: ShapedClaim[];
  readonly dropped: DroppedValue[];
}

export type ProfileMetadata = Partial<Record<MetadataSource, unknown>>;

/** What a claim needs at every login that depends only on the contract, worked out once. */
interface ClaimPlan {
  readonly spec: ClaimSpec;
  readonly name: string;
  /** What the claim's value may take of its budget once its name is counted, in UTF-8 bytes. */
  readonly room: number;
}

const plans = new WeakMap<ContractSpec, readonly ClaimPlan[]>();

const planOf = (contract: ContractSpec): readonly ClaimPlan[] => {
  let plan = plans.get(contract);
  if (!plan) {
    plan = Object.entries(contract.claims).map(([key, spec]) => {
      const name = `${contract.namespace}${key}`;
      return { spec, name, room: spec.maxBytes - jsonBytes(name) };
    });
    plans.set(contract, plan);
  }
  return plan;
};

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Own enumerable keys only: inherited names such as `constructor` are never read from metadata. */
const ownValue = (record: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** Issues are not read, only whether there is one: stop at the first, and share one config. */
const FIRST_ISSUE_ONLY: v.Config<v.BaseIssue<unknown>> = { abortEarly: true };

/** What `validated` gives for a value its schema refuses. */
const INVALID = Symbol();

/**
 * The schema's output, or INVALID when it finds an issue: what `v.safeParse` works out. The schema's
 * own `~run` (documented in Valibot's internals guide) is as fast as safeParse here, and keeps
 * safeParse and its config merging out of the bundle, about 90 bytes of its 9,000-byte budget.
 */
const outputOf = (schema: AnySchema, value: unknown): unknown => {
  const result = schema['~run']({ value }, FIRST_ISSUE_ONLY);
  return result.issues ? INVALID : result.value;
};

/** Bounded, so odd inputs cannot grow a memo without limit: when full, it starts over. */
const MEMO_LIMIT = 1_000;
/** Lists remembered under one first item, and the longest list remembered, in items. */
const LISTS_PER_FIRST_ITEM = 16;
const MEMO_LIST_ITEMS = 64;
/** Each schema's memo rides on the schema object itself: a property read, cheaper than a WeakMap. */
const MEMO = Symbol();
/** A remembered list: a copy of its strings, with the schema's output for it. */
type KnownList = readonly [items: readonly string[], output: unknown];
type Memoized = AnySchema & {
  [MEMO]?: readonly [strings: Map<string, unknown>, lists: Map<unknown, KnownList[]>];
};

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** A list output is handed out as a copy, so no two logins share an array a caller could change. */
const copied = (output: unknown): unknown => (Array.isArray(output) ? output.slice() : output);

/**
 * A schema's output for a string or a short list of strings (INVALID when it refuses it), remembered:
 * an Action instance serves many logins, and users share a few hundred languages, zones, plans, role
 * lists and tenant ids, whose checks (valibot's pipe, a regex, Intl) cost 50-110 ns a string against
 * ~25 ns to look one up. A list is found under its first item by comparing items: writing it a key
 * (its JSON, a join) cost more than checking it; checking 12 roles was a quarter of the handler's
 * time on the bench's large profile. A value seen once (a display name) pays the lookup on top.
 * Schemas are pure functions of their input, so the output is the same.
 */
const validated = (schema: Memoized, value: unknown): unknown => {
  schema[MEMO] ??= [new Map(), new Map()];
  const [strings, lists] = schema[MEMO];
  if (typeof value === 'string') {
    // An output of undefined reads as not remembered: it is worked out again, which is right too.
    let output = strings.get(value);
    if (output === undefined) {
      output = outputOf(schema, value);
      if (strings.size >= MEMO_LIMIT) strings.clear();
      strings.set(value, output);
    }
    return copied(output);
  }
  if (!Array.isArray(value)) return outputOf(schema, value);
  const known = lists.get(value[0]) ?? [];
  for (const [items, output] of known) {
    if (items.length === value.length && items.every((item, i) => item === value[i])) return copied(output);
  }
  const output = outputOf(schema, value);
  // A list is remembered only when a slice copies it: strings in, strings (or INVALID) out.
  if (
    value.length <= MEMO_LIST_ITEMS &&
    isStringList(value) &&
    (output === INVALID || isStringList(output))
  ) {
    if (!lists.has(value[0])) {
      // At most MEMO_LIMIT lists in all, as for strings: a list holds up to 64 strings.
      if (lists.size >= MEMO_LIMIT / LISTS_PER_FIRST_ITEM) lists.clear();
      lists.set(value[0], known);
    }
    if (known.push([value.slice(), copied(output)]) > LISTS_PER_FIRST_ITEM) known.shift();
  }
  return output;
};

const drop = (
  dropped: DroppedValue[],
  reason: DropReason,
  source: MetadataSource,
  key?: string,
  field?: string,
) => {
  dropped.push({ source, key, field, reason });
};

/**
 * Keeps the claim within its budget. Almost every claim fits, which the upper bound of its size that
 * shaping added up shows without writing its JSON; the rest are measured exactly, and only an
 * oversized one is rebuilt key by key, in contract (priority) order, skipping keys that would not fit.
 */
const withinBudget = (
  plan: ClaimPlan,
  whole: Record<string, unknown>,
  bound: number,
  dropped: DroppedValue[],
): Record<string, unknown> => {
  const { room } = plan;
  if (bound <= room || jsonBytes(whole) <= room) return whole;

  const value: Record<string, unknown> = {};
  let bytes = 2; // `{}`
  for (const key in whole) {
    const added = jsonBytes(key) + jsonBytes(whole[key]) + 1 + (bytes > 2 ? 1 : 0); // `:` and the joining comma
    if (bytes + added > room) drop(dropped, 'over_budget', plan.spec.source, key);
    else {
      value[key] = whole[key];
      bytes += added;
    }
  }
  return value;
};

/**
 * An upper bound of the JSON bytes of what the last shapeRecord call returned, added up while it
 * shaped (jsonBytesBound): walking the shaped claim again to bound it took as long as shaping it.
 */
let shapedBound = 0;

/**
 * The declared, valid part of a record, or undefined when nothing of it is kept: a metadata source
 * (`key` undefined) against a claim's keys, or a group key's value against its fields. Undeclared
 * names are dropped as unknown, invalid values as invalid, a group that is not an object as such.
 */
const shapeRecord = (
  declared: Readonly<Record<string, KeySpec>>,
  raw: Record<string, unknown>,
  source: MetadataSource,
  key: string | undefined,
  dropped: DroppedValue[],
): Record<string, unknown> | undefined => {
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(declared, name))
      drop(dropped, 'unknown', source, key ?? name, key === undefined ? undefined : name);
  }
  let shaped: Record<string, unknown> | undefined;
  let bound = 2; // `{}`
  for (const name in declared) {
    const value = ownValue(raw, name);
    if (value === undefined) continue;
    const spec = declared[name] as KeySpec;
    let output: unknown;
    if (isGroupSpec(spec)) {
      if (!isPlainRecord(value)) {
        drop(dropped, 'not_an_object', source, name);
        continue;
      }
      output = shapeRecord(spec.fields, value, source, name, dropped);
    } else {
      output = validated(spec.schema, value);
      if (output === INVALID) {
        drop(dropped, 'invalid', source, key ?? name, key === undefined ? undefined : name);
        continue;
      }
    }
    // A claim leaves out a key whose output is undefined (an empty group); a group keeps its fields.
    if (output === undefined && key === undefined) continue;
    shaped ??= {};
    shaped[name] = output;
    // JSON leaves out a field whose output is undefined.
    bound +=
      memberBytesBound(name) +
      (output === undefined ? 0 : isGroupSpec(spec) ? shapedBound : jsonBytesBound(output));
  }
  shapedBound = bound;
  return shaped;
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

  for (const plan of planOf(contract)) {
    const { spec } = plan;
    if (!tokens.includes(spec.token)) continue;
    const raw = metadata[spec.source];
    const record = isPlainRecord(raw) ? raw : {};
    if (raw !== undefined && record !== raw) drop(dropped, 'not_an_object', spec.source);
    const shaped = shapeRecord(spec.keys, record, spec.source, undefined, dropped);
    const whole = shaped ?? {};
    const bound = shaped ? shapedBound : 2;
    claims.push({ name: plan.name, token: spec.token, value: withinBudget(plan, whole, bound, dropped) });
  }
  return { claims, dropped };
};
