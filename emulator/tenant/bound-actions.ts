import { deployedVersion } from './management/action-records.ts';
import type { TenantState } from './state.ts';

// What a login runs: the Actions bound to a trigger, in binding order, each as its deployed version
// (not the draft), with its secret values. The login endpoints read this; nothing else should need to.

export interface BoundAction {
  actionId: string;
  name: string;
  displayName: string;
  versionNumber: number;
  code: string;
  runtime: string;
  dependencies: Array<{ name: string; version: string }>;
  /** Secret values by name, as `event.secrets` shows them. */
  secrets: Record<string, string>;
}

export const boundActionsFor = (state: TenantState, triggerId: string): BoundAction[] =>
  (state.triggerBindings[triggerId] ?? []).flatMap((binding) => {
    const action = state.actions.find((candidate) => candidate.id === binding.action_id);
    const version = action && deployedVersion(action);
    if (!action || !version) return [];
    return [
      {
        actionId: action.id,
        name: action.name,
        displayName: binding.display_name,
        versionNumber: version.number,
        code: version.code,
        runtime: version.runtime,
        dependencies: structuredClone(version.dependencies),
        secrets: Object.fromEntries(version.secrets.map((secret) => [secret.name, secret.value])),
      },
    ];
  });
