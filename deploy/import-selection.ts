import { parse, stringify } from 'yaml';
import type { ManagedType, Resource } from './desired-state.ts';
import type { KeywordMappings } from './placeholders.ts';
import { replaceKeywords } from './placeholders.ts';
import type { Plan } from './plan-types.ts';
import { identityOf } from './read-by-spec.ts';
import { TYPE_SPECS, type TypeSpec } from './resource-types.ts';

// deploy-cli writes every resource of every type it imports, so it is handed only what the plan
// changes: at 1,000 clients, one new callback is one PATCH instead of 1,000 (Auth0's Management API
// allows 2 requests/s on some plans). The selection is cut from tenant.yaml's own text, placeholders
// still in it, so deploy-cli replaces them itself and no secret value is ever written to disk.

const keyOf = (type: ManagedType): ((item: Resource) => string) => {
  if (type === 'clientGrants') return (grant) => `${String(grant.client_id)} -> ${String(grant.audience)}`;
  if (type === 'actions') return (action) => String(action.name);
  const spec = (TYPE_SPECS as Partial<Record<ManagedType, TypeSpec>>)[type];
  return spec ? identityOf(spec) : (item) => String(item.name);
};

export interface ImportSelection {
  /** The YAML text deploy-cli imports. */
  readonly yaml: string;
  readonly types: readonly ManagedType[];
}

/**
 * The part of tenant.yaml the plan's creates and updates need. Deletes are not deploy-cli's (it
 * would delete whatever the YAML lacks), so they select nothing here. Returns undefined when the
 * text's placeholders do not parse on their own (an unquoted `@@KEY@@`): then the whole file goes.
 */
export const selectForImport = (
  yamlText: string,
  keywords: KeywordMappings,
  plan: Plan,
): ImportSelection | undefined => {
  let raw: Record<string, unknown>;
  try {
    raw = (parse(yamlText) ?? {}) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const resolved = (parse(replaceKeywords(yamlText, keywords)) ?? {}) as Record<string, unknown>;
  const writes = plan.changes.filter((change) => change.kind !== 'delete');
  const selected: Record<string, unknown> = {};
  for (const type of new Set(writes.map((change) => change.type))) {
    const names = new Set(writes.filter((change) => change.type === type).map((change) => change.name));
    const rawValue = raw[type];
    const value = resolved[type];
    if (type === 'triggers') {
      selected.triggers = Object.fromEntries(
        Object.entries((rawValue ?? {}) as Record<string, unknown>).filter(([id]) => names.has(id)),
      );
    } else if (Array.isArray(value) && Array.isArray(rawValue)) {
      if (value.length !== rawValue.length) return undefined;
      const key = keyOf(type);
      selected[type] = rawValue.filter((_item, index) => names.has(key(value[index] as Resource)));
    } else selected[type] = rawValue;
  }
  return { yaml: stringify(selected), types: Object.keys(selected) as ManagedType[] };
};
