import type { ManagedType, Resource } from '../desired-state.ts';
import { DeployError } from '../errors.ts';
import { capList } from '../plan.ts';
import { type LiveContext, type LiveRead, nameOf, notAdoptable } from './read-live.ts';
import type { Selection } from './selection.ts';

// Which of the live resources an import adopts: the selected ones, minus what no tenant.yaml may
// declare (the deploy client, system APIs...), plus the Actions a selected trigger binds.

export interface Chosen {
  readonly type: ManagedType;
  readonly name: string;
  readonly live: Resource;
}

const SELECTED_ORDER = (selection: Selection): ManagedType[] => [...selection.keys()];

/** The chosen resources, in selection order; refuses a selected name the tenant does not hold. */
export const chooseResources = (
  selection: Selection,
  live: LiveRead,
  context: LiveContext,
  declaredActions: ReadonlySet<string>,
): { chosen: Chosen[]; boundActions: string[] } => {
  const chosen: Chosen[] = [];
  for (const type of SELECTED_ORDER(selection)) {
    const wanted = selection.get(type);
    const items = live.resources.get(type) ?? [];
    const named = (item: Resource) => nameOf(type, item);
    if (wanted === 'all' || wanted === undefined) {
      for (const item of items) {
        if (notAdoptable(type, item, context, live.clientIdOf)) continue;
        if (type === 'triggers' && !(item.bindings as unknown[]).length) continue;
        chosen.push({ type, name: named(item), live: item });
      }
      continue;
    }
    for (const name of wanted) {
      // A grant is named by its client alone (every grant of it) or by `client -> audience`.
      const matches = items.filter(
        (item) => named(item) === name || (type === 'clientGrants' && String(item.client_id) === name),
      );
      if (!matches.length) {
        const known = items.filter((item) => !notAdoptable(type, item, context, live.clientIdOf)).map(named);
        throw new DeployError(
          'E_NO_MATCH',
          `--only ${type}:${name} matches nothing in the tenant; ${known.length ? `its ${type} are ${capList(known, 8)}` : `it holds no ${type} that can be adopted`} (names are exact, case included)`,
        );
      }
      for (const item of matches) {
        const why = notAdoptable(type, item, context, live.clientIdOf);
        if (why) {
          throw new DeployError(
            'E_NO_MATCH',
            `--only ${type}:${name} cannot be adopted: ${why}; tenant.yaml never declares it, leave it out of --only`,
          );
        }
        chosen.push({ type, name: named(item), live: item });
      }
    }
  }
  // A binding must name an Action tenant.yaml declares (preflight refuses it otherwise).
  const boundActions: string[] = [];
  for (const trigger of chosen.filter((entry) => entry.type === 'triggers')) {
    for (const binding of trigger.live.bindings as Resource[]) {
      const name = String(binding.action_name);
      if (
        declaredActions.has(name) ||
        chosen.some((entry) => entry.type === 'actions' && entry.name === name)
      )
        continue;
      const action = (live.resources.get('actions') ?? []).find((item) => item.name === name);
      if (!action) continue;
      chosen.push({ type: 'actions', name, live: action });
      boundActions.push(name);
    }
  }
  return { chosen, boundActions };
};
