import type { Context, MiddlewareHandler } from 'hono';
import { addHeader } from '../../plain-response.ts';
import type { ClientRecord } from '../../state.ts';
import type { TenantContext } from '../../tenant-context.ts';
import type { TenantEnv } from '../../tenant-env.ts';
import { LOGIN_PATHS } from '../paths.ts';

/** Public documents: any origin may read them, as on Auth0. */
const PUBLIC = new Set<string>([LOGIN_PATHS.discovery, LOGIN_PATHS.jwks]);
/** Called by app JavaScript across origins; the browser only navigates to the others. */
const CROSS_ORIGIN = new Set<string>([LOGIN_PATHS.token, LOGIN_PATHS.userinfo]);

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** An app's Allowed Origins, its Allowed Web Origins, and by default the origins of its callback URLs. */
export const clientAllowsOrigin = (client: ClientRecord, origin: string): boolean =>
  [...(client.allowed_origins ?? []), ...(client.web_origins ?? []), ...(client.callbacks ?? [])].some(
    (url) => originOf(url) === origin,
  );

/**
 * Whether any client allows the origin: enough for a preflight, which does not say which client is
 * calling. The token endpoint then checks the calling client's own list (`clientAllowsOrigin`).
 */
const isAllowedOrigin = (tenant: TenantContext, origin: string): boolean =>
  tenant.state.clients.some((client) => clientAllowsOrigin(client, origin));

/** How long a browser may keep a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = '86400';

interface CorsPolicy {
  /** The origin to allow, or null: `origin` is '' when the request sent none. */
  allowOrigin(origin: string, c: Context<TenantEnv>): string | null;
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
}

/**
 * Answers preflights (204 with the allowed methods and headers) and adds the allowed origin and
 * `Vary: Origin` to every other answer, the headers hono's `cors` middleware sends. Unlike that
 * middleware it adds them to the answer itself, where hono's made the answer anew (and so read its
 * body through a stream) to add `Vary` to every token request.
 */
const corsMiddleware = (policy: CorsPolicy): MiddlewareHandler<TenantEnv> => {
  const methods = policy.allowMethods.join(',');
  const headers = policy.allowHeaders.join(',');
  return async (c, next) => {
    const allowed = policy.allowOrigin(c.req.header('origin') || '', c);
    if (c.req.method === 'OPTIONS') {
      const preflight = new Headers();
      if (allowed) preflight.set('Access-Control-Allow-Origin', allowed);
      preflight.append('Vary', 'Origin');
      preflight.set('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_S);
      preflight.set('Access-Control-Allow-Methods', methods);
      preflight.set('Access-Control-Allow-Headers', headers);
      preflight.append('Vary', 'Access-Control-Request-Headers');
      return new Response(null, { status: 204, statusText: 'No Content', headers: preflight });
    }
    await next();
    if (allowed) addHeader(c.res, 'Access-Control-Allow-Origin', allowed, 'set');
    addHeader(c.res, 'Vary', 'Origin', 'append');
  };
};

/**
 * CORS on the login endpoints: the discovery document and JWKS for anyone, the token and userinfo
 * endpoints for the origins the tenant's apps list, and nothing for the pages a browser navigates to.
 */
export const loginCors: MiddlewareHandler<TenantEnv> = corsMiddleware({
  allowOrigin: (origin, c) => {
    if (origin === '') return null;
    const path = new URL(c.req.url).pathname;
    if (PUBLIC.has(path)) return origin;
    return CROSS_ORIGIN.has(path) && isAllowedOrigin(c.env.tenant, origin) ? origin : null;
  },
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  // spa-js sends its telemetry in `Auth0-Client`.
  allowHeaders: ['Content-Type', 'Authorization', 'Auth0-Client'],
});

/**
 * CORS on the Management API, for a single-page app calling it with its user's own token ("Get
 * Management API Access Tokens for Single-Page Applications") from an origin one of the tenant's apps
 * lists. Only `Authorization` and `Content-Type` may be sent: Auth0 refuses a preflight that asks
 * for `Auth0-Client` too.
 */
export const managementCors: MiddlewareHandler<TenantEnv> = corsMiddleware({
  allowOrigin: (origin, c) => (origin !== '' && isAllowedOrigin(c.env.tenant, origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'Authorization'],
});
