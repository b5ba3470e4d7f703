import { type FieldChange, holdsDeclared } from './compare.ts';
import type { ManagedType, Resource } from './desired-state.ts';
import type { ResourceChange } from './plan-types.ts';
import { identityOf } from './read-by-spec.ts';
import { matchesPath, TYPE_SPECS, type TypeSpec } from './resource-types.ts';

// Planning by the type table: identity key, read-only fields (never compared), secret fields
// (masked, compared only when Auth0 returns them) and set-valued fields (compared without order).

export const SECRET_SHOWN = '(secret)';

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Resource).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );

/** Same members in any order; members compare by what is declared of them. */
const holdsSet = (declared: unknown, actual: unknown): boolean =>
  Array.isArray(declared) &&
  Array.isArray(actual) &&
  declared.length === actual.length &&
  declared.every((item) => actual.some((candidate) => holdsDeclared(item, candidate))) &&
  new Set(declared.map(canonical)).size === declared.length;

/** Replaces the values at secret paths with a marker, so a plan never shows one. */
export const maskPaths = (value: unknown, spec: TypeSpec, path: readonly string[] = []): unknown => {
  if (spec.secretFields.some((secret) => matchesPath(secret, path))) {
    return value === undefined ? undefined : SECRET_SHOWN;
  }
  if (Array.isArray(value))
    return value.map((item, index) => maskPaths(item, spec, [...path, String(index)]));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Resource).map(([key, item]) => [key, maskPaths(item, spec, [...path, key])]),
  );
};

/**
 * Drops what cannot be compared: read-only fields (dot paths, at any depth), fields Auth0 takes only
 * on create when the resource exists already, and secrets the tenant does not return.
 */
const comparable = (
  declared: unknown,
  actual: unknown,
  spec: TypeSpec,
  path: readonly string[],
  exists: boolean,
): unknown => {
  // List items (an Action module's secrets) by index: `*` in a spec path matches one.
  if (Array.isArray(declared))
    return declared.map((item, index) =>
      comparable(item, (actual as unknown[] | undefined)?.[index], spec, [...path, String(index)], exists),
    );
  if (!declared || typeof declared !== 'object') return declared;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(declared as Resource)) {
    const at = [...path, key];
    const current = (actual as Resource | undefined)?.[key];
    if (spec.readOnly.some((field) => matchesPath(field, at))) continue;
    if (exists && spec.createOnly?.some((field) => matchesPath(field, at))) continue;
    if (spec.secretFields.some((secret) => matchesPath(secret, at)) && current === undefined) continue;
    out[key] = comparable(value, current, spec, at, exists);
  }
  return out;
};

/** The declared resource with deprecated keys under the names deploy-cli sends them as. */
const renamed = (declared: Resource, spec: TypeSpec): Resource => {
  const out: Record<string, unknown> = { ...declared };
  for (const [old, current] of Object.entries(spec.renamed ?? {})) {
    if (!(old in out)) continue;
    if (!(current in out)) out[current] = out[old];
    delete out[old];
  }
  return out;
};

export const tableFieldChanges = (
  spec: TypeSpec,
  written: Resource,
  actual: Resource | undefined,
): FieldChange[] => {
  const declared = renamed(written, spec);
  const wanted = comparable(declared, actual, spec, [], actual !== undefined) as Resource;
  return Object.entries(wanted)
    .filter(([field, value]) =>
      spec.setFields?.includes(field)
        ? !holdsSet(value, actual?.[field] ?? [])
        : !holdsDeclared(value, actual?.[field]),
    )
    .map(([field]) => ({
      field,
      before: maskPaths(actual?.[field], spec, [field]),
      after: maskPaths(declared[field], spec, [field]),
    }));
};

export interface CollectionPlan {
  readonly changes: ResourceChange[];
  /** Resources of this type in the tenant that the YAML neither declares nor deletes. */
  readonly unmanaged: number;
}

/**
 * Creates and updates for what the YAML declares; deletes only for names on the deletion list;
 * everything else in the tenant is unmanaged and left alone.
 */
export const planCollection = (
  type: ManagedType,
  declared: readonly Resource[],
  current: readonly Resource[],
  deletions: readonly string[],
  options: { key?: (item: Resource) => string; spec?: TypeSpec } = {},
): CollectionPlan => {
  const spec = options.spec ?? (TYPE_SPECS as Partial<Record<ManagedType, TypeSpec>>)[type];
  if (!spec) throw new Error(`no type spec for ${type}`);
  const key = options.key ?? identityOf(spec);
  const changes: ResourceChange[] = [];
  for (const item of declared) {
    const found = current.find((candidate) => key(candidate) === key(item));
    const fields = tableFieldChanges(spec, item, found);
    if (!found) changes.push({ type, name: key(item), kind: 'create', fields });
    else if (fields.length) changes.push({ type, name: key(item), kind: 'update', fields });
  }
  let unmanaged = 0;
  for (const found of current) {
    if (declared.some((item) => key(item) === key(found))) continue;
    if (deletions.includes(key(found))) {
      const target = spec.deletePath?.(found);
      changes.push({ type, name: key(found), kind: 'delete', fields: [], ...(target ? { target } : {}) });
    } else if (!spec.fixedSet) unmanaged += 1;
  }
  return { changes, unmanaged };
};

export const planSingleton = (
  type: ManagedType,
  declared: Resource,
  current: Resource | undefined,
): ResourceChange[] => {
  const spec = (TYPE_SPECS as Partial<Record<ManagedType, TypeSpec>>)[type];
  if (!spec) throw new Error(`no type spec for ${type}`);
  const fields = tableFieldChanges(spec, declared, current);
  if (!fields.length) return [];
  return [{ type, name: 'settings', kind: current ? 'update' : 'create', fields }];
};
