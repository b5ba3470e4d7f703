import type { FaultInjector } from './faults.ts';
import type { TenantState } from './state.ts';

// The route table behind the tenant's one `handle(request)`. Management modules and the login
// endpoints each contribute routes; the first route whose method and pattern match answers.

/** What every route sees of the tenant it belongs to. */
export interface TenantContext {
  readonly domain: string;
  /** `https://<domain>/`: the issuer of the tenant's tokens. */
  readonly issuer: string;
  /** `https://<domain>/api/v2/`: the Management API's audience. */
  readonly managementAudience: string;
  readonly state: TenantState;
  readonly buildDelayMs: number;
  readonly faults: FaultInjector;
  /** Milliseconds since the epoch; tests pass their own clock to control build windows and expiry. */
  now(): number;
  nowIso(): string;
  /** The key that signs and checks Management API tokens. */
  readonly managementTokenKey: Uint8Array;
}

export interface RouteRequest {
  readonly request: Request;
  readonly url: URL;
  /** Path parameters, URL-decoded (`/api/v2/users/:id` -> `{ id: 'auth0|abc' }`). */
  readonly params: Record<string, string>;
  readonly tenant: TenantContext;
  /** The scopes of the caller's Management API token; empty for routes that need none. */
  readonly scopes: ReadonlySet<string>;
}

export type RouteHandler = (input: RouteRequest) => Response | Promise<Response>;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** A path with `:name` segments, e.g. `/api/v2/actions/actions/:id/deploy`. */
  readonly path: string;
  /** The Management API scope a bearer token needs; routes without one need no token. */
  readonly scope?: string;
  readonly handle: RouteHandler;
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

const matchPath = (pattern: string, pathname: string): Record<string, string> | undefined => {
  const want = pattern.split('/');
  const got = pathname.replace(/\/+$/, '').split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? '';
    const value = got[i] ?? '';
    if (segment.startsWith(':')) {
      if (value === '') return undefined;
      params[segment.slice(1)] = decodeURIComponent(value);
    } else if (segment !== value) return undefined;
  }
  return params;
};

/** Finds the route for a request; `methodMismatch` tells a 405 from a 404. */
export const findRoute = (
  routes: readonly Route[],
  method: string,
  pathname: string,
): RouteMatch | { methodMismatch: boolean } => {
  let methodMismatch = false;
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (!params) continue;
    if (route.method === method) return { route, params };
    methodMismatch = true;
  }
  return { methodMismatch };
};
