import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
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

/**
 * CORS on the login endpoints: the discovery document and JWKS for anyone, the token and userinfo
 * endpoints for the origins the tenant's apps list, and nothing for the pages a browser navigates to.
 */
export const loginCors: MiddlewareHandler<TenantEnv> = cors({
  origin: (origin, c) => {
    const path = new URL(c.req.url).pathname;
    if (origin === '') return null;
    if (PUBLIC.has(path)) return origin;
    return CROSS_ORIGIN.has(path) && isAllowedOrigin(c.env.tenant, origin) ? origin : null;
  },
  allowMethods: ['GET', 'POST', 'OPTIONS'],
  // spa-js sends its telemetry in `Auth0-Client`.
  allowHeaders: ['Content-Type', 'Authorization', 'Auth0-Client'],
  maxAge: 86400,
});

/**
 * CORS on the Management API, for a single-page app calling it with its user's own token ("Get
 * Management API Access Tokens for Single-Page Applications") from an origin one of the tenant's apps
 * lists. Only `Authorization` and `Content-Type` may be sent: Auth0 refuses a preflight that asks
 * for `Auth0-Client` too.
 */
export const managementCors: MiddlewareHandler<TenantEnv> = cors({
  origin: (origin, c) => (origin !== '' && isAllowedOrigin(c.env.tenant, origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'Authorization'],
  maxAge: 86400,
});
