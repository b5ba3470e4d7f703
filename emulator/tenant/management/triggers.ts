import type { Management } from 'auth0';
import { Hono } from 'hono';
import { badRequest, json, notFound, readJsonObject } from '../http.ts';
import { type ActionRecord, randomId, type TriggerBindingRecord } from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { viewAction } from './action-records.ts';
import { pagingOf, queryOf } from './payload.ts';
import type {
  ActionBindingResponse,
  ActionsPage,
  ActionTriggerRef,
  ActionTriggerResponse,
  UpdateBindingsResponse,
} from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/actions/triggers`: the flows, and the ordered Actions bound to each. A PATCH replaces a
// flow's whole binding list; only deployed Actions that support the trigger can be bound.

export const MAX_BINDINGS_PER_TRIGGER = 20;

/**
 * Every trigger Auth0 has (the SDK's ActionTriggerTypeEnum: a trigger added to it fails the typecheck
 * until it is listed here), with the version current Actions target. Versions past v1 from Auth0's
 * Actions triggers reference; the triggers added since 2023 are at v1.
 */
const TRIGGER_VERSIONS = {
  'post-login': 'v3',
  'credentials-exchange': 'v2',
  'pre-user-registration': 'v2',
  'post-user-registration': 'v2',
  'post-change-password': 'v2',
  'send-phone-message': 'v2',
  'custom-phone-provider': 'v1',
  'custom-email-provider': 'v1',
  'password-reset-post-challenge': 'v1',
  'custom-token-exchange': 'v1',
  'event-stream': 'v1',
  'password-hash-migration': 'v1',
  'login-post-identifier': 'v1',
  'signup-post-identifier': 'v1',
  'post-credential-validation': 'v1',
} as const satisfies Record<Management.ActionTriggerTypeEnum, string>;

export const TRIGGERS = Object.entries(TRIGGER_VERSIONS).map(([id, version]) => ({
  id: id as keyof typeof TRIGGER_VERSIONS,
  version,
})) satisfies readonly ActionTriggerRef[];

type TriggerId = (typeof TRIGGERS)[number]['id'];

const triggerOr404 = (c: TenantRequestContext): TriggerId => {
  const id = c.req.param('triggerId') ?? '';
  const trigger = TRIGGERS.find((candidate) => candidate.id === id);
  if (!trigger) throw notFound(`Trigger not found: ${id}`);
  return trigger.id;
};

const viewBinding = (
  tenant: TenantContext,
  trigger: TriggerId,
  binding: TriggerBindingRecord,
): ActionBindingResponse => {
  const action = tenant.state.actions.find((candidate) => candidate.id === binding.action_id);
  return {
    id: binding.id,
    trigger_id: trigger,
    display_name: binding.display_name,
    created_at: binding.created_at,
    updated_at: binding.created_at,
    ...(action ? { action: viewAction(action, tenant) } : {}),
  };
};

const resolveRef = (tenant: TenantContext, trigger: string, ref: unknown): ActionRecord => {
  const { type, value } = (typeof ref === 'object' && ref !== null ? ref : {}) as {
    type?: unknown;
    value?: unknown;
  };
  const actions = tenant.state.actions;
  const action =
    type === 'action_name'
      ? actions.find((candidate) => candidate.name === value)
      : type === 'action_id'
        ? actions.find((candidate) => candidate.id === value)
        : undefined;
  if (type !== 'action_name' && type !== 'action_id') {
    throw badRequest("Payload validation error: binding ref.type must be 'action_name' or 'action_id'.");
  }
  if (!action) throw notFound(`Action not found: ${String(value)}`);
  if (!action.supported_triggers.some((supported) => supported.id === trigger)) {
    throw badRequest(`Action '${action.name}' does not support the '${trigger}' trigger.`);
  }
  if (action.deployed_version_number === null) {
    throw badRequest(`Action '${action.name}' must be deployed before it can be bound to a trigger.`);
  }
  return action;
};

export const triggerRoutes = new Hono<TenantEnv>()
  .get('/actions/triggers', requireScope('read:actions'), () =>
    json({
      triggers: TRIGGERS.map(
        (trigger): ActionTriggerResponse => ({
          ...trigger,
          status: 'CURRENT',
          runtimes: ['node18-actions', 'node22'],
          default_runtime: 'node22',
          compatible_triggers: [],
        }),
      ),
    }),
  )
  .get('/actions/triggers/:triggerId/bindings', requireScope('read:actions'), (c) => {
    const { tenant } = c.env;
    const trigger = triggerOr404(c);
    const bindings = tenant.state.triggerBindings[trigger] ?? [];
    const { page, perPage } = pagingOf(queryOf(c));
    const slice = bindings.slice(page * perPage, page * perPage + perPage);
    const body: ActionsPage<'bindings', ActionBindingResponse> = {
      bindings: slice.map((binding) => viewBinding(tenant, trigger, binding)),
      total: bindings.length,
      page,
      per_page: perPage,
    };
    return json(body);
  })
  .patch('/actions/triggers/:triggerId/bindings', requireScope('update:actions'), async (c) => {
    const { tenant } = c.env;
    const trigger = triggerOr404(c);
    const body = await readJsonObject(c.req.raw);
    if (!Array.isArray(body.bindings)) {
      throw badRequest("Payload validation error: 'Missing required property: bindings'.");
    }
    if (body.bindings.length > MAX_BINDINGS_PER_TRIGGER) {
      throw badRequest(`A trigger may have at most ${MAX_BINDINGS_PER_TRIGGER} bound actions.`);
    }
    const now = tenant.nowIso();
    const bindings = (body.bindings as Array<{ ref?: unknown; display_name?: unknown }>).map((entry) => {
      const action = resolveRef(tenant, trigger, entry.ref);
      return {
        id: randomId('', 16),
        action_id: action.id,
        display_name: typeof entry.display_name === 'string' ? entry.display_name : action.name,
        created_at: now,
      };
    });
    tenant.state.triggerBindings[trigger] = bindings;
    const answer: UpdateBindingsResponse = {
      bindings: bindings.map((binding) => viewBinding(tenant, trigger, binding)),
    };
    return json(answer);
  });
