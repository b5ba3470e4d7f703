import { randomBytes } from 'node:crypto';
import { ConnectionDroppedError, FaultInjector, type FaultRule, faultError } from './faults.ts';
import { ApiError, errorResponse, json, readFormOrJson } from './http.ts';
import { newClientRecord } from './management/clients.ts';
import { allManagementScopes, managementRoutes } from './management/index.ts';
import {
  authorizeManagementCall,
  type GrantHandler,
  managementClientCredentials,
} from './management/token.ts';
import { RateWindow } from './rate-window.ts';
import { findRoute, type Route, type TenantContext } from './router.ts';
import { seedUsers, type UserSeed } from './seed-users.ts';
import {
  type ClientRecord,
  createTenantState,
  type RequestLogEntry,
  randomId,
  snapshotState,
  type TenantState,
  type UserRecord,
} from './state.ts';

// One fake Auth0 tenant: its state and the single fetch-style `handle(request)` that both transports
// (msw in-process, loopback HTTP) put behind `https://<domain>/`.

export interface FakeTenantOptions {
  domain?: string;
  /** How long a new or changed Action stays `pending` before it can be deployed (default 0). */
  buildDelayMs?: number;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  clock?: () => number;
  faults?: readonly FaultRule[];
  /** Requests per second before the tenant answers 429 on its own; unlimited when absent. */
  rateLimitPerSecond?: number;
  /** Extra routes, matched before the Management API's (and before `extensions` routes). */
  routes?: readonly Route[];
  /** Extra `POST /oauth/token` grants by `grant_type`, replacing built-in or extension grants of that name. */
  grants?: Readonly<Record<string, GrantHandler>>;
  /**
   * Add-ons such as the login endpoints, each built once per tenant from its context (so it can keep
   * per-tenant state like signing keys or authorization codes in its closure).
   */
  extensions?: ReadonlyArray<TenantExtensionFactory>;
  /** Credentials of the seeded machine-to-machine client that deploy tools use. */
  deployClient?: { client_id?: string; client_secret?: string; name?: string };
}

/** What an add-on mounts on the tenant. */
export interface TenantExtension {
  /** Matched before the Management API's routes. */
  routes?: readonly Route[];
  /** `POST /oauth/token` grants by `grant_type`; a later extension's grant replaces an earlier one. */
  grants?: Readonly<Record<string, GrantHandler>>;
}

export type TenantExtensionFactory = (tenant: TenantContext) => TenantExtension;

export interface FakeTenant {
  readonly domain: string;
  readonly state: TenantState;
  readonly context: TenantContext;
  readonly faults: FaultInjector;
  /** The seeded client holding a grant for every Management API scope. */
  readonly deployClient: ClientRecord;
  /** Every request answered so far, in order (method, path, status). */
  readonly requests: readonly RequestLogEntry[];
  handle(request: Request): Promise<Response>;
  seedUsers(seeds: UserSeed[]): UserRecord[];
  /** A deep copy of the state now. */
  snapshot(): TenantState;
}

const tokenRoute = (grants: Readonly<Record<string, GrantHandler>>): Route => ({
  method: 'POST',
  path: '/oauth/token',
  handle: async (input) => {
    const params = await readFormOrJson(input.request);
    const grantType = params.grant_type ?? '';
    const grant = grants[grantType];
    if (!grant) {
      return json(
        { error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${grantType}` },
        400,
      );
    }
    return grant(params, input);
  },
});

export const createFakeTenant = (options: FakeTenantOptions = {}): FakeTenant => {
  const domain = options.domain ?? 'local-tenant.auth0.test';
  const clock = options.clock ?? Date.now;
  const state = createTenantState(domain, new Date(clock()).toISOString());
  const faults = new FaultInjector(options.faults);
  const rateWindow = new RateWindow(options.rateLimitPerSecond);
  const context: TenantContext = {
    domain,
    issuer: `https://${domain}/`,
    managementAudience: `https://${domain}/api/v2/`,
    state,
    buildDelayMs: options.buildDelayMs ?? 0,
    faults,
    now: clock,
    nowIso: () => new Date(clock()).toISOString(),
    managementTokenKey: randomBytes(32),
  };
  const extensions = (options.extensions ?? []).map((extend) => extend(context));
  const grants: Record<string, GrantHandler> = Object.assign(
    { client_credentials: managementClientCredentials },
    ...extensions.map((extension) => extension.grants ?? {}),
    options.grants ?? {},
  );
  const routes = [
    ...(options.routes ?? []),
    ...extensions.flatMap((extension) => extension.routes ?? []),
    tokenRoute(grants),
    ...managementRoutes,
  ];

  // Seeded directly: the API refuses client ids chosen by the caller, tests may want fixed ones.
  const deployClient = newClientRecord(context, {
    name: options.deployClient?.name ?? 'Deploy (auth0-deploy-cli)',
    app_type: 'non_interactive',
    ...(options.deployClient?.client_id ? { client_id: options.deployClient.client_id } : {}),
    ...(options.deployClient?.client_secret ? { client_secret: options.deployClient.client_secret } : {}),
  });
  state.clients.push(deployClient);
  state.resourceServers.push({
    id: randomId('', 12),
    name: 'Auth0 Management API',
    identifier: context.managementAudience,
    is_system: true,
    signing_alg: 'RS256',
    token_lifetime: 86400,
    // Auth0 lists every Management API scope here; client grants may hold only these.
    scopes: allManagementScopes(managementRoutes).map((value) => ({ value, description: value })),
  });
  state.clientGrants.push({
    id: randomId('cgr_'),
    client_id: deployClient.client_id,
    audience: context.managementAudience,
    scope: allManagementScopes(managementRoutes),
  });

  const answer = async (request: Request, url: URL): Promise<Response> => {
    const method = request.method.toUpperCase();
    const found = findRoute(routes, method, url.pathname);
    if (!('route' in found)) {
      if (found.methodMismatch)
        throw new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${url.pathname}`);
      throw new ApiError(404, 'not_found', `Not Found: ${method} ${url.pathname}`);
    }
    const scopes = found.route.scope
      ? await authorizeManagementCall(context, request, found.route.scope)
      : new Set<string>();
    return found.route.handle({ request, url, params: found.params, tenant: context, scopes });
  };

  const handle = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const log = (status: number) =>
      state.requests.push({ method, path: url.pathname, query: url.search, status });
    const fault = faults.next(method, url.pathname);
    if (fault?.kind === 'drop-connection' && fault.when !== 'after-write') {
      log(0);
      throw new ConnectionDroppedError(method, url.pathname);
    }
    let response: Response;
    try {
      const injected = fault && faultError(fault, clock());
      if (injected) throw injected;
      rateWindow.admit(clock());
      response = await answer(request, url);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        // A bug in the fake itself: logged as a 500 and thrown for the transport to report.
        log(500);
        throw error;
      }
      response = errorResponse(error);
    }
    if (url.pathname.startsWith('/api/v2/')) rateWindow.stamp(response.headers, clock());
    log(response.status);
    if (fault?.kind === 'drop-connection') throw new ConnectionDroppedError(method, url.pathname);
    return response;
  };

  return {
    domain,
    state,
    context,
    faults,
    deployClient,
    get requests() {
      return state.requests;
    },
    handle,
    seedUsers: (seeds) => seedUsers(state, seeds, context.nowIso()),
    snapshot: () => snapshotState(state),
  };
};
