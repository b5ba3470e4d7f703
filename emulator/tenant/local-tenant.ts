import type { LoginOutcome } from '../actions/index.ts';
import { createFakeTenant, type FakeTenant, type FakeTenantOptions } from './fake-tenant.ts';
import type { LoginOptions } from './login/login-context.ts';
import type { PostLoginInput } from './login/login-flow.ts';
import { createLoginEndpoints, LOGIN_ROUTES, type LoginEndpoints } from './login/login-routes.ts';
import { createPostLoginRunner } from './login/post-login-runner.ts';
import { createSigningKeys, type SigningKeys } from './login/signing-keys.ts';
import { tenantDirectory } from './login/tenant-directory.ts';
import { managementClientCredentials } from './management/token.ts';
import type { Route } from './router.ts';

export interface LocalTenantOptions extends Omit<FakeTenantOptions, 'routes'>, LoginOptions {
  /** By default a new RS256 key is made (about 50 ms); a benchmark or test suite may share one. */
  keys?: SigningKeys;
  /** Sees every post-login run (Action logs, token sizes). */
  onOutcome?: (outcome: LoginOutcome, input: PostLoginInput) => void;
}

/** A fake tenant that also logs users in: the Management API and the login endpoints on one state. */
export interface LocalTenant extends FakeTenant {
  readonly issuer: string;
  readonly login: LoginEndpoints;
  /** Logs a seeded user in without a browser; returns the `Cookie` header value of the session. */
  loginAs(userId: string): string;
}

const notFound = () => new Response(null, { status: 404 });

/**
 * The local Auth0: `createFakeTenant` with the login endpoints mounted in its route table (so faults,
 * rate limits and the request log cover them too) and the post-login Actions deployed to it run on
 * every login and refresh.
 */
export const createLocalTenant = async (options: LocalTenantOptions = {}): Promise<LocalTenant> => {
  const keys = options.keys ?? (await createSigningKeys());
  let endpoints: LoginEndpoints | undefined;
  const answer: Route['handle'] = async ({ request }) => (await endpoints?.handle(request)) ?? notFound();
  const routes: Route[] = LOGIN_ROUTES.flatMap(({ path, methods }) =>
    methods.flatMap((method): Route[] =>
      method === 'GET' || method === 'POST' ? [{ method, path, handle: answer }] : [],
    ),
  );
  const tenant = createFakeTenant({ ...options, routes });
  const directory = tenantDirectory(tenant.context);
  const clock = options.clock ?? Date.now;
  const login = createLoginEndpoints({
    directory,
    keys,
    clock,
    autoLogin: options.autoLogin ?? false,
    runPostLogin: createPostLoginRunner({ directory, clock, keyId: keys.kid, onOutcome: options.onOutcome }),
    managementGrant: {
      audience: tenant.context.managementAudience,
      answer: async (params, request) =>
        managementClientCredentials(params, {
          request,
          url: new URL(request.url),
          params: {},
          tenant: tenant.context,
          scopes: new Set(),
        }),
    },
  });
  endpoints = login;
  const loginPaths = new Set(LOGIN_ROUTES.map((route) => route.path));

  return {
    ...tenant,
    get requests() {
      return tenant.requests;
    },
    issuer: tenant.context.issuer,
    login,
    loginAs: login.loginAs,
    // CORS preflights never reach the route table, which has no OPTIONS routes.
    handle: async (request) =>
      request.method === 'OPTIONS' && loginPaths.has(new URL(request.url).pathname)
        ? ((await login.handle(request)) ?? notFound())
        : tenant.handle(request),
  };
};
