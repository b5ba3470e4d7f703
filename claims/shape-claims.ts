import type * as v from 'valibot';
import { claimBytes, jsonBytes, jsonBytesAtMost } from './claim-bytes.ts';
import {
  type AnySchema,
  type ClaimSpec,
  type ContractSpec,
  type FieldSpec,
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
  readonly nameBytes: number;
}

const plans = new WeakMap<ContractSpec, readonly ClaimPlan[]>();

const planOf = (contract: ContractSpec): readonly ClaimPlan[] => {
  let plan = plans.get(contract);
  if (!plan) {
    plan = Object.entries(contract.claims).map(([key, spec]) => {
      const name = `${contract.namespace}${key}`;
      return { spec, name, nameBytes: jsonBytes(name) };
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

/**
 * What `v.safeParse` works out: `issues`, or the output `value`. The schema's own `~run` (documented
 * in Valibot's internals guide) is as fast as safeParse here, and keeps safeParse and its config
 * merging out of the bundle, about 90 bytes of its 10 kB budget.
 */
const validatedNow = (schema: AnySchema, value: unknown) => schema['~run']({ value }, FIRST_ISSUE_ONLY);

/** Bounded, so odd inputs cannot grow a memo without limit: when full, it starts over. */
const MEMO_LIMIT = 1_000;
/** Each schema's memo rides on the schema object itself: a property read, cheaper than a WeakMap. */
const MEMO = Symbol('claims.memo');
type Memoized = AnySchema & { [MEMO]?: Map<string, ReturnType<typeof validatedNow>> };

/**
 * A schema's answer for a string value, remembered: an Action instance serves many logins, and users
 * share a few hundred languages, zones, plans, roles and tenant ids, whose checks (valibot's pipe, a
 * regex, Intl) cost 50-110 ns each against ~25 ns to look one up. A value seen once (a display
 * name) pays the lookup on top. Schemas are pure functions of their input, so the answer is the same.
 */
const validated = (schema: AnySchema, value: unknown) => {
  if (typeof value !== 'string') return validatedNow(schema, value);
  let memo = (schema as Memoized)[MEMO];
  if (!memo) {
    memo = new Map();
    (schema as Memoized)[MEMO] = memo;
  }
  let result = memo.get(value);
  if (!result) {
    result = validatedNow(schema, value);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(value, result);
  }
  return result;
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
 * Keeps the claim within its budget. Almost every claim fits, which an upper bound of its size shows
 * without writing its JSON; the rest are measured exactly, and only an oversized one is rebuilt key by
 * key, in contract (priority) order, skipping keys that would not fit.
 */
const withinBudget = (
  plan: ClaimPlan,
  whole: Record<string, unknown>,
  dropped: DroppedValue[],
): Record<string, unknown> => {
  const room = plan.spec.maxBytes - plan.nameBytes;
  if (jsonBytesAtMost(whole, room) <= room || jsonBytes(whole) <= room) return whole;

  const value: Record<string, unknown> = {};
  let bytes = 2; // `{}`
  for (const key in whole) {
    const added = claimBytes(key, whole[key]) + 1 + (bytes > 2 ? 1 : 0); // `:` and the joining comma
    if (bytes + added > room) drop(dropped, 'over_budget', plan.spec.source, key);
    else {
      value[key] = whole[key];
      bytes += added;
    }
  }
  return value;
};

/** The declared, valid part of a group key's value, or undefined when nothing of it is kept. */
const shapeGroup = (
  fields: Readonly<Record<string, FieldSpec>>,
  raw: Record<string, unknown>,
  source: MetadataSource,
  key: string,
  dropped: DroppedValue[],
): Record<string, unknown> | undefined => {
  for (const field of Object.keys(raw)) {
    if (!Object.hasOwn(fields, field)) drop(dropped, 'unknown', source, key, field);
  }
  let group: Record<string, unknown> | undefined;
  for (const field in fields) {
    const fieldRaw = ownValue(raw, field);
    if (fieldRaw === undefined) continue;
    const result = validated((fields[field] as FieldSpec).schema, fieldRaw);
    if (result.issues) drop(dropped, 'invalid', source, key, field);
    else {
      group ??= {};
      group[field] = result.value;
    }
  }
  return group;
};

/** The declared, valid part of one key's value, or undefined when nothing of it is kept. */
const shapeKey = (
  spec: KeySpec,
  raw: unknown,
  source: MetadataSource,
  key: string,
  dropped: DroppedValue[],
): unknown => {
  if (isGroupSpec(spec)) {
    if (isPlainRecord(raw)) return shapeGroup(spec.fields, raw, source, key, dropped);
    drop(dropped, 'not_an_object', source, key);
    return undefined;
  }
  const result = validated(spec.schema, raw);
  if (!result.issues) return result.value;
  drop(dropped, 'invalid', source, key);
  return undefined;
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
    for (const key of Object.keys(record)) {
      if (!Object.hasOwn(spec.keys, key)) drop(dropped, 'unknown', spec.source, key);
    }

    const whole: Record<string, unknown> = {};
    for (const key in spec.keys) {
      const keyRaw = ownValue(record, key);
      if (keyRaw === undefined) continue;
      const shaped = shapeKey(spec.keys[key] as KeySpec, keyRaw, spec.source, key, dropped);
      if (shaped !== undefined) whole[key] = shaped;
    }
    claims.push({ name: plan.name, token: spec.token, value: withinBudget(plan, whole, dropped) });
  }
  return { claims, dropped };
};
