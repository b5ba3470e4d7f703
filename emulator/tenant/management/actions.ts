import { Hono } from 'hono';
import { ApiError, badRequest, conflict, json, noContent, readJsonObject } from '../http.ts';
import { type ActionRecord, type ActionVersionRecord, randomId } from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { moduleReferences } from './action-modules.ts';
import {
  DEFAULT_RUNTIME,
  parseCode,
  parseDependencies,
  parseRuntime,
  parseSecrets,
  parseTriggers,
  statusOf,
  viewAction,
  viewVersion,
} from './action-records.ts';
import { findOr404, pagingOf, queryOf, refuseFields, requireString } from './payload.ts';
import type { ActionsPage } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/actions/actions`: the editable draft of each Action, its build window, and deploys. Every
// create or edit rebuilds the draft (`pending` for `buildDelayMs`, then `built`); every deploy of a
// built draft freezes it into a new numbered version, whether or not anything changed.

const READ_ONLY = ['id', 'status', 'created_at', 'updated_at', 'deployed_version', 'all_changes_deployed'];

const actionById = (c: TenantRequestContext): ActionRecord =>
  findOr404(c.env.tenant.state.actions, (action) => action.id === c.req.param('id'), 'action');

/** The Actions lists answer `{ <key>, total, page, per_page }` always, unlike the older endpoints. */
const actionsPage = <T, Key extends string, Item>(
  items: readonly T[],
  query: URLSearchParams,
  key: Key,
  view: (item: T) => Item,
): Response => {
  const { page, perPage } = pagingOf(query);
  const slice = items.slice(page * perPage, page * perPage + perPage).map(view);
  const body: ActionsPage<Key, Item> = {
    ...({ [key]: slice } as { [K in Key]: Item[] }),
    total: items.length,
    page,
    per_page: perPage,
  };
  return json(body);
};

const isBound = (tenant: TenantContext, action: ActionRecord): boolean =>
  Object.values(tenant.state.triggerBindings).some((bindings) =>
    bindings.some((b) => b.action_id === action.id),
  );

/**
 * Auth0 keeps 50 versions per Action and deletes the oldest for each one added past that (Actions
 * Limitations, https://auth0.com/docs/customize/actions/limitations); numbers keep counting up.
 */
export const MAX_ACTION_VERSIONS = 50;

const deploy = (tenant: TenantContext, action: ActionRecord): ActionVersionRecord => {
  if (statusOf(action, tenant) !== 'built') {
    throw badRequest("A draft must be in the 'built' state before it can be deployed.", 'action_not_built');
  }
  for (const version of action.versions) version.deployed = false;
  const version: ActionVersionRecord = {
    id: randomId('', 16),
    action_id: action.id,
    number: (action.versions.at(-1)?.number ?? 0) + 1,
    code: action.code,
    runtime: action.runtime,
    dependencies: structuredClone(action.dependencies),
    secrets: structuredClone(action.secrets),
    supported_triggers: structuredClone(action.supported_triggers),
    ...(action.modules ? { modules: structuredClone(action.modules) } : {}),
    deployed: true,
    status: 'built',
    created_at: tenant.nowIso(),
  };
  action.versions.push(version);
  action.versions.splice(0, Math.max(0, action.versions.length - MAX_ACTION_VERSIONS));
  action.deployed_version_number = version.number;
  return version;
};

export const actionRoutes = new Hono<TenantEnv>()
  .get('/actions/actions', requireScope('read:actions'), (c) => {
    const { tenant } = c.env;
    const query = queryOf(c);
    const triggerId = query.get('triggerId');
    const name = query.get('actionName');
    const deployed = query.get('deployed');
    const actions = tenant.state.actions.filter(
      (action) =>
        (triggerId === null || action.supported_triggers.some((t) => t.id === triggerId)) &&
        (name === null || action.name === name) &&
        (deployed !== 'true' || action.deployed_version_number !== null),
    );
    return actionsPage(actions, query, 'actions', (action) => viewAction(action, tenant));
  })
  .get('/actions/actions/:id', requireScope('read:actions'), (c) =>
    json(viewAction(actionById(c), c.env.tenant)),
  )
  .post('/actions/actions', requireScope('create:actions'), async (c) => {
    const { tenant } = c.env;
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, READ_ONLY);
    const name = requireString(body, 'name');
    const supportedTriggers = parseTriggers(body.supported_triggers);
    if (tenant.state.actions.some((action) => action.name === name)) {
      throw conflict(`An action with the name '${name}' already exists.`);
    }
    const now = tenant.nowIso();
    const action: ActionRecord = {
      id: randomId('', 16),
      name,
      supported_triggers: supportedTriggers,
      code: body.code === undefined ? '' : parseCode(body.code),
      runtime: body.runtime === undefined ? DEFAULT_RUNTIME : parseRuntime(body.runtime),
      dependencies: body.dependencies === undefined ? [] : parseDependencies(body.dependencies),
      secrets: body.secrets === undefined ? [] : parseSecrets(body.secrets, [], now),
      ...(body.modules === undefined ? {} : { modules: moduleReferences(tenant, body.modules) }),
      created_at: now,
      updated_at: now,
      built_at: tenant.now() + tenant.buildDelayMs,
      versions: [],
      deployed_version_number: null,
    };
    tenant.state.actions.push(action);
    return json(viewAction(action, tenant), 201);
  })
  .patch('/actions/actions/:id', requireScope('update:actions'), async (c) => {
    const { tenant } = c.env;
    const action = actionById(c);
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, READ_ONLY);
    const now = tenant.nowIso();
    if (body.name !== undefined) {
      const name = requireString(body, 'name');
      if (tenant.state.actions.some((other) => other !== action && other.name === name)) {
        throw conflict(`An action with the name '${name}' already exists.`);
      }
      action.name = name;
    }
    if (body.supported_triggers !== undefined)
      action.supported_triggers = parseTriggers(body.supported_triggers);
    if (body.code !== undefined) action.code = parseCode(body.code);
    if (body.runtime !== undefined) action.runtime = parseRuntime(body.runtime);
    if (body.dependencies !== undefined) action.dependencies = parseDependencies(body.dependencies);
    if (body.secrets !== undefined) action.secrets = parseSecrets(body.secrets, action.secrets, now);
    if (body.modules !== undefined) action.modules = moduleReferences(tenant, body.modules);
    action.updated_at = now;
    action.built_at = tenant.now() + tenant.buildDelayMs;
    return json(viewAction(action, tenant));
  })
  .delete('/actions/actions/:id', requireScope('delete:actions'), (c) => {
    const { tenant } = c.env;
    const action = actionById(c);
    const { state } = tenant;
    if (isBound(tenant, action)) {
      if (queryOf(c).get('force') !== 'true') {
        throw new ApiError(
          409,
          'action_is_bound',
          'The action is bound to a trigger; unbind it first or delete with force=true.',
        );
      }
      for (const [trigger, bindings] of Object.entries(state.triggerBindings)) {
        state.triggerBindings[trigger] = bindings.filter((binding) => binding.action_id !== action.id);
      }
    }
    state.actions = state.actions.filter((candidate) => candidate !== action);
    return noContent();
  })
  .post('/actions/actions/:id/deploy', requireScope('create:actions'), (c) => {
    const action = actionById(c);
    return json(viewVersion(action, deploy(c.env.tenant, action)));
  })
  .get('/actions/actions/:id/versions', requireScope('read:actions'), (c) => {
    const action = actionById(c);
    const newestFirst = [...action.versions].reverse();
    return actionsPage(newestFirst, queryOf(c), 'versions', (version) => viewVersion(action, version));
  })
  .get('/actions/actions/:id/versions/:versionId', requireScope('read:actions'), (c) => {
    const action = actionById(c);
    const versionId = c.req.param('versionId');
    const version = findOr404(action.versions, (v) => v.id === versionId, 'action version');
    return json(viewVersion(action, version));
  });
