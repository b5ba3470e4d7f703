import type { JsonSchema } from './contract-describe.ts';

// Whether a field's new schema accepts less (narrowed), more (widened), both or neither than its old
// one, for the JSON Schema keywords valibot writes. Anything it cannot order is "changed", which the
// check treats as breaking: when unsure, it asks for a major version rather than let an app break.

export type SchemaChange = 'same' | 'narrowed' | 'widened' | 'changed';

const LOWER_BOUNDS = ['minLength', 'minItems', 'minimum', 'exclusiveMinimum', 'minProperties'];
const UPPER_BOUNDS = ['maxLength', 'maxItems', 'maximum', 'exclusiveMaximum', 'maxProperties'];
/** A constraint present on one side only narrows (added) or widens (removed); different values: changed. */
const CONSTRAINTS = ['pattern', 'format', 'const', 'multipleOf'];

const combine = (changes: readonly SchemaChange[]): SchemaChange => {
  const narrowed = changes.some((change) => change === 'narrowed' || change === 'changed');
  const widened = changes.some((change) => change === 'widened' || change === 'changed');
  if (changes.includes('changed') || (narrowed && widened)) return 'changed';
  return narrowed ? 'narrowed' : widened ? 'widened' : 'same';
};

const asSet = (value: unknown): Set<string> =>
  new Set((Array.isArray(value) ? value : [value]).map((item) => JSON.stringify(item)));

/** `after` against `before` as sets of allowed values: subset narrows, superset widens. */
const compareSets = (before: unknown, after: unknown): SchemaChange => {
  if (before === undefined && after === undefined) return 'same';
  if (before === undefined) return 'narrowed';
  if (after === undefined) return 'widened';
  const old = asSet(before);
  const now = asSet(after);
  const lost = [...old].some((item) => !now.has(item));
  const gained = [...now].some((item) => !old.has(item));
  return lost && gained ? 'changed' : lost ? 'narrowed' : gained ? 'widened' : 'same';
};

const compareBound = (before: unknown, after: unknown, lower: boolean): SchemaChange => {
  if (before === after) return 'same';
  if (typeof before !== 'number') return after === undefined ? 'same' : 'narrowed';
  if (typeof after !== 'number') return 'widened';
  const tighter = lower ? after > before : after < before;
  return tighter ? 'narrowed' : 'widened';
};

const compareConstraint = (before: unknown, after: unknown): SchemaChange => {
  if (JSON.stringify(before) === JSON.stringify(after)) return 'same';
  if (before === undefined) return 'narrowed';
  if (after === undefined) return 'widened';
  return 'changed';
};

/** How `after` relates to `before`; custom checks (by message) count like constraints. */
export const compareSchemas = (
  before: JsonSchema,
  after: JsonSchema,
  checks: { before: readonly string[]; after: readonly string[] } = { before: [], after: [] },
): SchemaChange => {
  const changes: SchemaChange[] = [
    compareSets(before.type, after.type),
    compareSets(before.enum, after.enum),
  ];
  for (const keyword of LOWER_BOUNDS) changes.push(compareBound(before[keyword], after[keyword], true));
  for (const keyword of UPPER_BOUNDS) changes.push(compareBound(before[keyword], after[keyword], false));
  for (const keyword of CONSTRAINTS) changes.push(compareConstraint(before[keyword], after[keyword]));
  for (const check of checks.after) if (!checks.before.includes(check)) changes.push('narrowed');
  for (const check of checks.before) if (!checks.after.includes(check)) changes.push('widened');
  if (before.items !== undefined || after.items !== undefined) {
    changes.push(
      before.items === undefined
        ? 'narrowed'
        : after.items === undefined
          ? 'widened'
          : compareSchemas(before.items as JsonSchema, after.items as JsonSchema),
    );
  }
  const known = new Set(['type', 'enum', 'items', ...LOWER_BOUNDS, ...UPPER_BOUNDS, ...CONSTRAINTS]);
  for (const keyword of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!known.has(keyword) && JSON.stringify(before[keyword]) !== JSON.stringify(after[keyword]))
      changes.push('changed');
  }
  return combine(changes);
};
