import { ApiError, badRequest, conflict, json, noContent, readJsonObject } from '../http.ts';
import type { Route, RouteRequest } from '../router.ts';
import { type ActionRecord, type ActionVersionRecord, randomId } from '../state.ts';
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
import { findOr404, pagingOf, refuseFields, requireString } from './payload.ts';

// `/api/v2/actions/actions`: the editable draft of each Action, its build window, and deploys. Every
// create or edit rebuilds the draft (`pending` for `buildDelayMs`, then `built`); every deploy of a
// built draft freezes it into a new numbered version, whether or not anything changed.

const READ_ONLY = ['id', 'status', 'created_at', 'updated_at', 'deployed_version', 'all_changes_deployed'];

const actionById = ({ tenant, params }: RouteRequest): ActionRecord =>
  findOr404(tenant.state.actions, (action) => action.id === params.id, 'action');

/** The Actions lists answer `{ <key>, total, page, per_page }` always, unlike the older endpoints. */
const actionsPage = <T>(
  items: readonly T[],
  query: URLSearchParams,
  key: string,
  view: (item: T) => unknown,
) => {
  const { page, perPage } = pagingOf(query);
  const slice = items.slice(page * perPage, page * perPage + perPage).map(view);
  return json({ [key]: slice, total: items.length, page, per_page: perPage });
};

const isBound = (route: RouteRequest, action: ActionRecord): boolean =>
  Object.values(route.tenant.state.triggerBindings).some((bindings) =>
    bindings.some((b) => b.action_id === action.id),
  );

/**
 * Auth0 keeps 50 versions per Action and deletes the oldest for each one added past that (Actions
 * Limitations, https://auth0.com/docs/customize/actions/limitations); numbers keep counting up.
 */
export const MAX_ACTION_VERSIONS = 50;

const deploy = (route: RouteRequest, action: ActionRecord): ActionVersionRecord => {
  if (statusOf(action, route.tenant) !== 'built') {
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
    deployed: true,
    status: 'built',
    created_at: route.tenant.nowIso(),
  };
  action.versions.push(version);
  action.versions.splice(0, Math.max(0, action.versions.length - MAX_ACTION_VERSIONS));
  action.deployed_version_number = version.number;
  return version;
};

export const actionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/actions/actions',
    scope: 'read:actions',
    handle: (route) => {
      const query = route.url.searchParams;
      const triggerId = query.get('triggerId');
      const name = query.get('actionName');
      const deployed = query.get('deployed');
      const actions = route.tenant.state.actions.filter(
        (action) =>
          (triggerId === null || action.supported_triggers.some((t) => t.id === triggerId)) &&
          (name === null || action.name === name) &&
          (deployed !== 'true' || action.deployed_version_number !== null),
      );
      return actionsPage(actions, query, 'actions', (action) => viewAction(action, route.tenant));
    },
  },
  {
    method: 'GET',
    path: '/api/v2/actions/actions/:id',
    scope: 'read:actions',
    handle: (route) => json(viewAction(actionById(route), route.tenant)),
  },
  {
    method: 'POST',
    path: '/api/v2/actions/actions',
    scope: 'create:actions',
    handle: async (route) => {
      const body = await readJsonObject(route.request);
      refuseFields(body, READ_ONLY);
      const name = requireString(body, 'name');
      const supportedTriggers = parseTriggers(body.supported_triggers);
      const { tenant } = route;
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
        created_at: now,
        updated_at: now,
        built_at: tenant.now() + tenant.buildDelayMs,
        versions: [],
        deployed_version_number: null,
      };
      tenant.state.actions.push(action);
      return json(viewAction(action, tenant), 201);
    },
  },
  {
    method: 'PATCH',
    path: '/api/v2/actions/actions/:id',
    scope: 'update:actions',
    handle: async (route) => {
      const action = actionById(route);
      const body = await readJsonObject(route.request);
      refuseFields(body, READ_ONLY);
      const { tenant } = route;
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
      action.updated_at = now;
      action.built_at = tenant.now() + tenant.buildDelayMs;
      return json(viewAction(action, tenant));
    },
  },
  {
    method: 'DELETE',
    path: '/api/v2/actions/actions/:id',
    scope: 'delete:actions',
    handle: (route) => {
      const action = actionById(route);
      const state = route.tenant.state;
      if (isBound(route, action)) {
        if (route.url.searchParams.get('force') !== 'true') {
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
    },
  },
  {
    method: 'POST',
    path: '/api/v2/actions/actions/:id/deploy',
    scope: 'create:actions',
    handle: (route) => {
      const action = actionById(route);
      return json(viewVersion(action, deploy(route, action)));
    },
  },
  {
    method: 'GET',
    path: '/api/v2/actions/actions/:id/versions',
    scope: 'read:actions',
    handle: (route) => {
      const action = actionById(route);
      const newestFirst = [...action.versions].reverse();
      return actionsPage(newestFirst, route.url.searchParams, 'versions', (version) =>
        viewVersion(action, version),
      );
    },
  },
  {
    method: 'GET',
    path: '/api/v2/actions/actions/:id/versions/:versionId',
    scope: 'read:actions',
    handle: (route) => {
      const action = actionById(route);
      const version = findOr404(action.versions, (v) => v.id === route.params.versionId, 'action version');
      return json(viewVersion(action, version));
    },
  },
];
