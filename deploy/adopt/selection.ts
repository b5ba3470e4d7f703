import { MANAGED_TYPES, type ManagedType, SINGLETON_TYPES } from '../desired-state.ts';
import { DeployError } from '../errors.ts';

// `--only TYPE[:NAME],...`: which resources of the live tenant an import adopts. A name may hold
// commas and colons (client names, API identifiers that are URLs): a new entry starts only where a
// comma is followed by a type name, and a name runs from the first colon to that comma.

/** Types that are one settings object per tenant: selected whole, never by name. */
export const SETTINGS_TYPES: readonly ManagedType[] = ['tenant', ...SINGLETON_TYPES];

/** By type, the names to adopt, or `'all'` for every resource of that type. */
export type Selection = ReadonlyMap<ManagedType, 'all' | ReadonlySet<string>>;

const isType = (text: string): text is ManagedType => (MANAGED_TYPES as readonly string[]).includes(text);

const startsEntry = (text: string): boolean => {
  const colon = text.indexOf(':');
  return isType(colon < 0 ? text : text.slice(0, colon));
};

/** Splits the `--only` values into entries: commas inside names stay with their name. */
const entriesOf = (values: readonly string[]): string[] =>
  values.flatMap((value) => {
    const entries: string[] = [];
    for (const part of value.split(',')) {
      const last = entries.length - 1;
      if (last >= 0 && !startsEntry(part.trim())) entries[last] = `${entries[last]},${part}`;
      else entries.push(part.trim());
    }
    return entries;
  });

/**
 * The selection `--only` asks for; without `--only`, every type. Refuses what names no type, a name on
 * a settings type, and an empty name, each saying what to write instead.
 */
export const parseSelection = (only: readonly string[] | undefined): Selection => {
  const selection = new Map<ManagedType, 'all' | Set<string>>();
  if (!only?.length) {
    for (const type of MANAGED_TYPES) selection.set(type, 'all');
    return selection;
  }
  for (const entry of entriesOf(only)) {
    const colon = entry.indexOf(':');
    const type = colon < 0 ? entry : entry.slice(0, colon);
    const name = colon < 0 ? undefined : entry.slice(colon + 1).trim();
    if (!isType(type)) {
      throw new DeployError(
        'E_UNKNOWN_TYPE',
        `--only names "${type}", which is not a type tenant.yaml manages; use one of ${MANAGED_TYPES.join(', ')} (optionally TYPE:NAME)`,
      );
    }
    if (name === '') {
      throw new DeployError(
        'E_BAD_SELECTION',
        `--only "${entry}" has an empty name; write ${type} for every one, or ${type}:NAME for one`,
      );
    }
    if (name !== undefined && SETTINGS_TYPES.includes(type)) {
      throw new DeployError(
        'E_BAD_SELECTION',
        `--only "${entry}": ${type} is one settings object per tenant and has no names; write --only ${type}`,
      );
    }
    const current = selection.get(type);
    if (name === undefined || current === 'all') selection.set(type, 'all');
    else selection.set(type, new Set([...(current ?? []), name]));
  }
  return selection;
};
