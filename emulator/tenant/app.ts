import { Hono, type MiddlewareHandler } from 'hono';
import { ConnectionDroppedError, faultError } from './faults.ts';
import { ApiError, errorResponse } from './http.ts';
import { managementCors } from './login/endpoints/cors.ts';
import { loginApp } from './login/login-app.ts';
import { OAuthError, oauthErrorResponse, toOAuthError } from './login/oauth-error.ts';
import { isLoginPath } from './login/paths.ts';
import { managementApi } from './management/management-api.ts';
import { exportDownloadRoutes } from './management/users-exports.ts';
import { requestUrl } from './request-url.ts';
import type { TenantBindings, TenantEnv } from './tenant-env.ts';

// The local Auth0 as one router: the Management API under /api/v2 and the login endpoints at the
// root, in front of which every request meets the tenant's fault rules, its rate limit and its
// request log. Both transports (msw in-process, loopback HTTP) serve its `fetch`.

/**
 * Fault rules and the rate limit answer before any route; every answer is logged (a dropped
 * connection as status 0) and Management API answers carry the `x-ratelimit-*` headers.
 */
const gate: MiddlewareHandler<TenantEnv> = async (c, next) => {
  const { tenant } = c.env;
  const method = c.req.method;
  const { pathname, search } = requestUrl(c.req.raw);
  const log = (status: number) =>
    tenant.state.requests.push({ method, path: pathname, query: search, status });
  const fault = tenant.faults.next(method, pathname);
  if (fault?.kind === 'drop-connection' && fault.when !== 'after-write') {
    log(0);
    throw new ConnectionDroppedError(method, pathname);
  }
  const now = tenant.now();
  const refusal = (fault && faultError(fault, now)) ?? tenant.rateWindow.admit(now);
  let response: Response;
  if (refusal) response = errorResponse(refusal);
  else {
    try {
      await next();
    } catch (error) {
      // A bug in the tenant itself: logged as a 500 and thrown on for the transport to report.
      log(500);
      throw error;
    }
    response = c.res;
  }
  if (pathname.startsWith('/api/v2/')) tenant.rateWindow.stamp(response.headers, now);
  log(response.status);
  if (fault?.kind === 'drop-connection') throw new ConnectionDroppedError(method, pathname);
  return response;
};

export const tenantApp = new Hono<TenantEnv>({ strict: false })
  .use(gate)
  .use('/api/v2/*', managementCors)
  .route('/api/v2', managementApi)
  .route('/exports', exportDownloadRoutes)
  .route('/', loginApp);

tenantApp.notFound((c) =>
  errorResponse(new ApiError(404, 'not_found', `Not Found: ${c.req.method} ${new URL(c.req.url).pathname}`)),
);

tenantApp.onError((error, c) => {
  if (error instanceof ApiError) return errorResponse(error);
  if (error instanceof OAuthError) return oauthErrorResponse(error);
  // The login endpoints answer their own bugs as OAuth's server_error, so an app sees a login fail
  // rather than a dropped connection; anywhere else a bug fails the request for the transport.
  if (!(error instanceof ConnectionDroppedError) && isLoginPath(new URL(c.req.url).pathname)) {
    return oauthErrorResponse(toOAuthError(error));
  }
  throw error;
});

/** Answers one request for one tenant. */
export const answerTenantRequest = async (request: Request, bindings: TenantBindings): Promise<Response> =>
  tenantApp.fetch(request, bindings);
