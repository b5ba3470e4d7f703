import type { Management } from 'auth0';
import { badRequest } from '../http.ts';
import type { ActionRecord, ActionSecret, ActionStatus, ActionVersionRecord } from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';
import type { ActionResponse, ActionSummaryResponse, ActionVersionResponse } from './response-types.ts';

// How Actions and their versions look from outside, and the limits Auth0 puts on what goes in.
// Secret values are kept (a deployed Action needs them) but never shown: only names and dates.

export const MAX_CODE_BYTES = 100 * 1024;
export const MAX_SECRETS = 30;
export const MAX_SECRET_NAME = 128;
export const MAX_SECRET_VALUE = 4096;
export const MAX_DEPENDENCIES = 10;
export const RUNTIMES = ['node12', 'node16', 'node18', 'node18-actions', 'node22'];
export const DEFAULT_RUNTIME = 'node22';
/** Every trigger id Auth0 knows (the SDK's ActionTriggerTypeEnum); an Action for another is refused. */
export const TRIGGER_IDS = [
  'post-login',
  'credentials-exchange',
  'pre-user-registration',
  'post-user-registration',
  'post-change-password',
  'send-phone-message',
  'custom-phone-provider',
  'custom-email-provider',
  'password-reset-post-challenge',
  'custom-token-exchange',
  'event-stream',
  'password-hash-migration',
  'login-post-identifier',
  'signup-post-identifier',
  'post-credential-validation',
] as const satisfies readonly Management.ActionTriggerTypeEnum[];

const isTriggerId = (value: unknown): value is Management.ActionTriggerTypeEnum =>
  (TRIGGER_IDS as readonly unknown[]).includes(value);

/** Auth0 shows the node18 runtime under its Actions-specific name. */
export const normalizeRuntime = (runtime: string): string =>
  runtime === 'node18' ? 'node18-actions' : runtime;

export const statusOf = (action: ActionRecord, tenant: TenantContext): ActionStatus =>
  tenant.now() >= action.built_at ? 'built' : 'pending';

export const deployedVersion = (action: ActionRecord): ActionVersionRecord | undefined =>
  action.versions.find((version) => version.number === action.deployed_version_number);

const secretNames = (secrets: readonly ActionSecret[]) =>
  secrets.map((secret) => ({ name: secret.name, updated_at: secret.updated_at }));

const sameSecrets = (a: readonly ActionSecret[], b: readonly ActionSecret[]): boolean =>
  a.length === b.length && a.every((secret, i) => secret.name === b[i]?.name && secret.value === b[i]?.value);

/** True when the draft holds nothing the deployed version lacks. */
/** The same module versions, in any order: a draft that pins another module version is a change to deploy. */
const sameModules = (deployed: ActionVersionRecord['modules'], draft: ActionRecord['modules']): boolean => {
  const pins = (modules: ActionRecord['modules']) =>
    (modules ?? []).map((module) => `${module.module_id}@${module.module_version_id}`).sort();
  return JSON.stringify(pins(deployed)) === JSON.stringify(pins(draft));
};

export const allChangesDeployed = (action: ActionRecord): boolean => {
  const version = deployedVersion(action);
  return (
    version !== undefined &&
    version.code === action.code &&
    version.runtime === action.runtime &&
    JSON.stringify(version.dependencies) === JSON.stringify(action.dependencies) &&
    sameModules(version.modules, action.modules) &&
    sameSecrets(version.secrets, action.secrets)
  );
};

const actionSummary = (action: ActionRecord): ActionSummaryResponse => ({
  id: action.id,
  name: action.name,
  supported_triggers: structuredClone(action.supported_triggers),
  created_at: action.created_at,
  updated_at: action.updated_at,
  all_changes_deployed: allChangesDeployed(action),
});

export const viewVersion = (action: ActionRecord, version: ActionVersionRecord): ActionVersionResponse => ({
  id: version.id,
  action_id: version.action_id,
  number: version.number,
  code: version.code,
  runtime: version.runtime,
  dependencies: structuredClone(version.dependencies),
  secrets: secretNames(version.secrets),
  supported_triggers: structuredClone(version.supported_triggers),
  ...(version.modules ? { modules: structuredClone(version.modules) } : {}),
  deployed: version.deployed,
  status: version.status,
  created_at: version.created_at,
  updated_at: version.created_at,
  action: actionSummary(action),
});

export const viewAction = (action: ActionRecord, tenant: TenantContext): ActionResponse => {
  const version = deployedVersion(action);
  return {
    ...actionSummary(action),
    code: action.code,
    runtime: action.runtime,
    dependencies: structuredClone(action.dependencies),
    secrets: secretNames(action.secrets),
    ...(action.modules ? { modules: structuredClone(action.modules) } : {}),
    status: statusOf(action, tenant),
    ...(version ? { deployed_version: viewVersion(action, version) } : {}),
  };
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const parseTriggers = (value: unknown): ActionRecord['supported_triggers'] => {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((t) => isRecord(t) && typeof t.id === 'string')
  ) {
    throw badRequest(
      "Payload validation error: 'Expected a non-empty array of { id, version }' on property supported_triggers.",
    );
  }
  return value.map((t) => {
    if (!isTriggerId(t.id)) {
      throw badRequest(
        `Payload validation error: '${String(t.id)}' is not a trigger; use one of ${TRIGGER_IDS.join(', ')}.`,
      );
    }
    return { id: t.id, version: String(t.version ?? 'v3') };
  });
};

export const parseCode = (value: unknown): string => {
  if (typeof value !== 'string')
    throw badRequest("Payload validation error: 'Expected type string' on property code.");
  if (Buffer.byteLength(value) > MAX_CODE_BYTES) {
    throw badRequest(
      `Action code is ${Buffer.byteLength(value)} bytes; the limit is ${MAX_CODE_BYTES} bytes.`,
    );
  }
  return value;
};

export const parseRuntime = (value: unknown): string => {
  if (typeof value !== 'string' || !RUNTIMES.includes(value)) {
    throw badRequest(`Payload validation error: runtime must be one of ${RUNTIMES.join(', ')}.`);
  }
  return normalizeRuntime(value);
};

export const parseDependencies = (value: unknown): ActionRecord['dependencies'] => {
  if (!Array.isArray(value) || !value.every((d) => isRecord(d) && typeof d.name === 'string')) {
    throw badRequest(
      "Payload validation error: 'Expected an array of { name, version }' on property dependencies.",
    );
  }
  if (value.length > MAX_DEPENDENCIES)
    throw badRequest(`An Action may have at most ${MAX_DEPENDENCIES} dependencies.`);
  return value.map((d) => ({ name: String(d.name), version: String(d.version ?? 'latest') }));
};

/**
 * The new secret list: the names given, in order. A secret sent without a value keeps the value it
 * had, because callers cannot read values back to resend them.
 */
export const parseSecrets = (
  value: unknown,
  previous: readonly ActionSecret[],
  now: string,
): ActionSecret[] => {
  if (!Array.isArray(value) || !value.every((s) => isRecord(s) && typeof s.name === 'string')) {
    throw badRequest("Payload validation error: 'Expected an array of { name, value }' on property secrets.");
  }
  if (value.length > MAX_SECRETS) throw badRequest(`An Action may have at most ${MAX_SECRETS} secrets.`);
  return value.map((s) => {
    const name = String(s.name);
    const old = previous.find((secret) => secret.name === name);
    if (name.length > MAX_SECRET_NAME)
      throw badRequest(`Secret name ${name.slice(0, 20)}... exceeds ${MAX_SECRET_NAME} characters.`);
    if (s.value === undefined && old) return old;
    const secretValue = String(s.value ?? '');
    if (secretValue.length > MAX_SECRET_VALUE)
      throw badRequest(`Secret ${name} exceeds ${MAX_SECRET_VALUE} characters.`);
    return old?.value === secretValue ? old : { name, value: secretValue, updated_at: now };
  });
};
