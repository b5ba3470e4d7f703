import { handleAuthorize } from './authorize-endpoint.ts';
import { type Clock, publicId } from './clock.ts';
import { handleContinue } from './continue-endpoint.ts';
import { isAllowedOrigin, preflightResponse, withCors } from './cors.ts';
import { discoveryDocument, LOGIN_PATHS } from './discovery.ts';
import type { LoginContext, LoginOptions, ManagementGrant } from './login-context.ts';
import type { LoginDirectory } from './login-directory.ts';
import type { RunPostLogin } from './login-flow.ts';
import { handleConsentForm, handleLoginForm } from './login-forms.ts';
import { createLoginState, type LoginState } from './login-state.ts';
import { handleLogout, handleOidcLogout } from './logout-endpoint.ts';
import { jsonResponse, oauthErrorResponse, toOAuthError } from './oauth-errors.ts';
import { sessionCookie } from './session-cookie.ts';
import { jsonWebKeySet, type SigningKeys } from './signing-keys.ts';
import { handleToken } from './token-endpoint.ts';
import { handleUserinfo } from './userinfo-endpoint.ts';

type Handler = (context: LoginContext, request: Request) => Promise<Response>;

/** Public documents: any origin may read them, as on Auth0. */
const PUBLIC = new Set<string>([LOGIN_PATHS.discovery, LOGIN_PATHS.jwks]);
/** Called by app JavaScript across origins; the browser only navigates to the others. */
const CROSS_ORIGIN = new Set<string>([LOGIN_PATHS.token, LOGIN_PATHS.userinfo]);

const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  [LOGIN_PATHS.discovery]: {
    GET: async ({ directory }, request) =>
      jsonResponse(200, discoveryDocument(directory.issuer(), new URL('/', request.url).toString()), {
        'cache-control': 'max-age=60',
      }),
  },
  [LOGIN_PATHS.jwks]: {
    GET: async ({ state }) => jsonResponse(200, jsonWebKeySet(state.keys), { 'cache-control': 'max-age=60' }),
  },
  [LOGIN_PATHS.authorize]: { GET: handleAuthorize },
  [LOGIN_PATHS.loginForm]: { POST: handleLoginForm },
  [LOGIN_PATHS.consentForm]: { POST: handleConsentForm },
  [LOGIN_PATHS.continue]: { GET: handleContinue, POST: handleContinue },
  [LOGIN_PATHS.token]: { POST: handleToken },
  [LOGIN_PATHS.userinfo]: { GET: handleUserinfo, POST: handleUserinfo },
  [LOGIN_PATHS.logout]: { GET: handleLogout },
  [LOGIN_PATHS.oidcLogout]: { GET: handleOidcLogout, POST: handleOidcLogout },
};

/** Every path the login endpoints answer, for mounting them in a tenant's route table. */
export const LOGIN_ROUTES: ReadonlyArray<{ path: string; methods: string[] }> = Object.entries(ROUTES).map(
  ([path, methods]) => ({ path, methods: Object.keys(methods) }),
);

export interface LoginEndpoints {
  /** Answers a login route, or undefined for any other path so the tenant can route it elsewhere. */
  handle(request: Request): Promise<Response | undefined>;
  /** Logs a seeded user in without a browser; the result is a `Cookie` header value for `/authorize`. */
  loginAs(userId: string): string;
  readonly state: LoginState;
}

export interface LoginEndpointsOptions extends LoginOptions {
  directory: LoginDirectory;
  runPostLogin: RunPostLogin;
  /** Made with `createSigningKeys()`; a benchmark may share one across tenants. */
  keys: SigningKeys;
  clock?: Clock;
  managementGrant?: ManagementGrant;
}

export const createLoginEndpoints = (options: LoginEndpointsOptions): LoginEndpoints => {
  const clock = options.clock ?? Date.now;
  const state = createLoginState(options.keys, clock);
  const context: LoginContext = {
    directory: options.directory,
    state,
    runPostLogin: options.runPostLogin,
    options: { autoLogin: options.autoLogin ?? false },
    managementGrant: options.managementGrant,
  };
  return {
    state,
    loginAs: (userId) => {
      if (!options.directory.findUser(userId)) throw new Error(`loginAs: no user ${userId} in the tenant`);
      const sessionId = state.sessions.add({ userId, authenticatedAt: clock(), sid: publicId() });
      return sessionCookie(sessionId, options.directory.issuer()).split(';')[0] ?? '';
    },
    handle: async (request) => {
      const path = new URL(request.url).pathname;
      const methods = ROUTES[path];
      if (!methods) return undefined;
      const origin = request.headers.get('origin');
      const allowed =
        PUBLIC.has(path) ||
        (CROSS_ORIGIN.has(path) && origin !== null && isAllowedOrigin(options.directory, origin));
      if (request.method === 'OPTIONS') return preflightResponse(origin, allowed);
      const handler = methods[request.method];
      if (!handler) {
        return jsonResponse(
          405,
          { error: 'invalid_request', error_description: `${request.method} ${path} is not supported` },
          { allow: Object.keys(methods).join(', ') },
        );
      }
      // Each endpoint answers its own refusals; whatever escapes is a bug, answered as server_error.
      const response = await handler(context, request).catch((error: unknown) =>
        oauthErrorResponse(toOAuthError(error)),
      );
      return withCors(response, origin, allowed);
    },
  };
};
