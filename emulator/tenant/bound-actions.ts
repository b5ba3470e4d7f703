import type { Management } from 'auth0';
import { deployedVersion } from './management/action-records.ts';
import type { TenantState } from './state.ts';

// What a login runs: the Actions bound to a trigger, in binding order, each as its deployed version
// (not the draft), with its secret values and the Action modules it uses at the versions it pins. The
// login endpoints read this; nothing else should need to.

type Dependency = { name: string; version: string };

/** An Action module as a deployed Action version uses it: that published version's code. */
export interface BoundModule {
  name: string;
  versionNumber: number;
  code: string;
  dependencies: Dependency[];
  /** The module's own secret values by name, as its code reads them (`actions.secrets`). */
  secrets: Record<string, string>;
}

export interface BoundAction {
  actionId: string;
  name: string;
  displayName: string;
  versionNumber: number;
  code: string;
  runtime: string;
  dependencies: Dependency[];
  /** Secret values by name, as `event.secrets` shows them. */
  secrets: Record<string, string>;
  modules: BoundModule[];
}

const boundModules = (state: TenantState, used: readonly Management.ActionModuleReference[] = []) =>
  used.flatMap((reference): BoundModule[] => {
    const module = state.features.collections.actionModules?.find((item) => item.id === reference.module_id);
    const versions = (module?.versions ?? []) as unknown as Management.ActionModuleVersion[];
    const version = versions.find((item) => item.id === reference.module_version_id);
    if (!module || !version) return [];
    const secrets = (module.secrets ?? []) as unknown as Array<{ name: string; value: string }>;
    return [
      {
        name: String(module.name),
        versionNumber: Number(version.version_number),
        code: String(version.code),
        dependencies: (version.dependencies ?? []).map(({ name, version }) => ({
          name: String(name),
          version: String(version),
        })),
        secrets: Object.fromEntries(secrets.map((secret) => [secret.name, secret.value])),
      },
    ];
  });

/**
 * A bound Action's deployed version, named (`actionId@versionNumber`) without reading its code,
 * secrets and modules: a login only needs those to load a version it has not loaded yet, and
 * building them for every login (secrets, dependencies, modules) was work thrown away.
 */
export interface BoundVersion {
  readonly key: string;
  bind(): BoundAction;
}

export const boundVersionsFor = (state: TenantState, triggerId: string): BoundVersion[] =>
  (state.triggerBindings[triggerId] ?? []).flatMap((binding) => {
    const action = state.actions.find((candidate) => candidate.id === binding.action_id);
    const version = action && deployedVersion(action);
    if (!action || !version) return [];
    const bind = (): BoundAction => ({
      actionId: action.id,
      name: action.name,
      displayName: binding.display_name,
      versionNumber: version.number,
      code: version.code,
      runtime: version.runtime,
      dependencies: structuredClone(version.dependencies),
      secrets: Object.fromEntries(version.secrets.map((secret) => [secret.name, secret.value])),
      modules: boundModules(state, version.modules),
    });
    return [{ key: `${action.id}@${version.number}`, bind }];
  });

export const boundActionsFor = (state: TenantState, triggerId: string): BoundAction[] =>
  boundVersionsFor(state, triggerId).map((bound) => bound.bind());
