import type { LoginOutcome } from '../actions/index.ts';
import { createFakeTenant, type FakeTenant, type FakeTenantOptions } from './fake-tenant.ts';
import type { LoginOptions } from './login/login-context.ts';
import { loginExtension } from './login/login-extension.ts';
import type { PostLoginInput } from './login/login-flow.ts';
import { LOGIN_ROUTES, type LoginEndpoints } from './login/login-routes.ts';
import { createSigningKeys, type SigningKeys } from './login/signing-keys.ts';

export interface LocalTenantOptions extends FakeTenantOptions, LoginOptions {
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

/**
 * The local Auth0: a fake tenant with the login endpoints mounted (so faults, rate limits and the
 * request log cover them too), running the post-login Actions deployed to it on every login and
 * refresh.
 */
export const createLocalTenant = async (options: LocalTenantOptions = {}): Promise<LocalTenant> => {
  const keys = options.keys ?? (await createSigningKeys());
  let endpoints: LoginEndpoints | undefined;
  const tenant = createFakeTenant({
    ...options,
    extensions: [
      ...(options.extensions ?? []),
      loginExtension({
        keys,
        autoLogin: options.autoLogin ?? false,
        onOutcome: options.onOutcome,
        onCreated: (created) => {
          endpoints = created;
        },
      }),
    ],
  });
  if (!endpoints) throw new Error('the fake tenant did not build its login extension');
  const login = endpoints;
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
        ? ((await login.handle(request)) ?? new Response(null, { status: 404 }))
        : tenant.handle(request),
  };
};
