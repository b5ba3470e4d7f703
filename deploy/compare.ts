import type { Resource } from './desired-state.ts';

/**
 * Whether the tenant already holds what tenant.yaml declares. Only declared fields count (a deploy
 * leaves the others alone, and Auth0 adds many defaults): objects match when every declared key
 * matches, arrays when they match element by element, everything else by value. `null` declares
 * "absent".
 */
export const holdsDeclared = (declared: unknown, actual: unknown): boolean => {
  if (declared === null || declared === undefined) return actual === null || actual === undefined;
  if (Array.isArray(declared)) {
    return (
      Array.isArray(actual) &&
      actual.length === declared.length &&
      declared.every((item, index) => holdsDeclared(item, actual[index]))
    );
  }
  if (typeof declared === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return false;
    const record = actual as Resource;
    return Object.entries(declared as Resource).every(([key, value]) =>
      holdsDeclared(value, Object.hasOwn(record, key) ? record[key] : undefined),
    );
  }
  return declared === actual;
};

export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** A resource's own field: a field named `toString` or `constructor` is absent, not Object's method. */
const ownField = (resource: Resource | undefined, field: string): unknown =>
  resource !== undefined && Object.hasOwn(resource, field) ? resource[field] : undefined;

/** The declared top-level fields whose values the tenant does not hold yet, minus `ignored` ones. */
export const changedFields = (
  declared: Resource,
  actual: Resource | undefined,
  ignored: readonly string[] = [],
): FieldChange[] =>
  Object.entries(declared)
    .filter(([field]) => !ignored.includes(field))
    .filter(([field, value]) => !holdsDeclared(value, ownField(actual, field)))
    .map(([field, value]) => ({ field, before: ownField(actual, field), after: value }));

/** Same members, any order: Auth0 treats scope lists as sets. */
export const sameSet = (a: unknown, b: unknown): boolean =>
  Array.isArray(a) &&
  Array.isArray(b) &&
  a.length === b.length &&
  [...a].map(String).sort().join('\n') === [...b].map(String).sort().join('\n');
