import type { Management } from 'auth0';
import { sameDependencies } from './action-dependencies.ts';
import { changedFields } from './compare.ts';
import type { DesiredAction } from './desired-state.ts';
import { fieldsOf } from './management-responses.ts';
import type { ResourceChange, SecretChange } from './plan-types.ts';
import { readSecretsDigest } from './secrets-digest.ts';

// Actions differ from the other resources: their secrets cannot be read back (the digest line in
// the deployed code stands in for them), and saved code is not live until it is deployed.

const actionSecretChanges = (action: DesiredAction, current: Management.Action): SecretChange[] => {
  const names = new Set((current.secrets ?? []).map((secret) => String(secret.name)));
  const digests = readSecretsDigest(current.code ?? '') ?? new Map<string, string>();
  const changes: SecretChange[] = [];
  for (const secret of action.secrets) {
    if (!names.has(secret.name)) changes.push({ name: secret.name, change: 'added' });
    else if (
      action.secretDigests[secret.name] !== undefined &&
      digests.get(secret.name) !== action.secretDigests[secret.name]
    ) {
      changes.push({ name: secret.name, change: 'changed' });
    }
  }
  for (const name of names) {
    if (!action.secrets.some((secret) => secret.name === name)) changes.push({ name, change: 'removed' });
  }
  return changes;
};

const isDeployed = (current: Management.Action): boolean =>
  current.all_changes_deployed === true || current.deployed_version?.code === current.code;

export const planActions = (
  desired: readonly DesiredAction[],
  current: readonly Management.Action[],
  deletions: readonly string[] = [],
): { changes: ResourceChange[]; unmanaged: number } => {
  const changes: ResourceChange[] = [];
  for (const action of desired) {
    const found = current.find((item) => item.name === action.name);
    // No runtime declared: Auth0 picks its default and deploy-cli sends none, so any runtime holds.
    const declared = {
      ...(action.runtime !== undefined ? { runtime: action.runtime } : {}),
      supported_triggers: action.supported_triggers,
      dependencies: action.dependencies,
      ...(action.modules !== undefined ? { modules: action.modules } : {}),
    };
    if (!found) {
      changes.push({
        type: 'actions',
        name: action.name,
        kind: 'create',
        fields: changedFields(declared, undefined),
        code: { before: '', after: action.code },
        secrets: action.secrets.map((secret) => ({ name: secret.name, change: 'added' })),
      });
      continue;
    }
    // Auth0 installs a set of modules: the same modules in another order are no change.
    const fields = changedFields(declared, fieldsOf(found)).filter(
      (change) =>
        change.field !== 'dependencies' || !sameDependencies(action.dependencies, found.dependencies),
    );
    const secrets = actionSecretChanges(action, found);
    const codeChanged = found.code !== action.code;
    const undeployed = action.deployed && !isDeployed(found);
    if (fields.length || secrets.length || codeChanged || undeployed) {
      changes.push({
        type: 'actions',
        name: action.name,
        kind: 'update',
        fields,
        ...(codeChanged ? { code: { before: found.code ?? '', after: action.code } } : {}),
        ...(secrets.length ? { secrets } : {}),
        ...(undeployed && !codeChanged ? { undeployed } : {}),
      });
    }
  }
  let unmanaged = 0;
  for (const found of current) {
    if (found.integration) continue; // marketplace Actions are not deploy-cli's to manage
    if (desired.some((action) => action.name === found.name)) continue;
    if (deletions.includes(String(found.name))) {
      const target = `/actions/actions/${encodeURIComponent(String(found.id))}?force=true`;
      changes.push({ type: 'actions', name: String(found.name), kind: 'delete', fields: [], target });
    } else unmanaged += 1;
  }
  return { changes, unmanaged };
};
