import type { LoginOutcome, RunOptions } from '../actions/index.ts';
import { answerTenantRequest } from './app.ts';
import { createTenantContext, type FakeTenant, type FakeTenantOptions, tenantFacade } from './fake-tenant.ts';
import { findUser } from './login/directory.ts';
import { createSigningKeys } from './login/grants/signing-keys.ts';
import type { LoginContext, LoginOptions } from './login/login-context.ts';
import type { PostLoginInput } from './login/post-login/post-login-input.ts';
import { createPostLoginRunner } from './login/post-login/runner.ts';
import { createLoginState, startSession } from './login/session/login-state.ts';
import { sessionCookie } from './login/session/session-cookie.ts';
import type { SimulatedRequest } from './login/session/simulated-request.ts';

export interface LocalTenantOptions extends FakeTenantOptions, LoginOptions {
  /** Sees every post-login run (Action logs, token sizes). */
  onOutcome?: (outcome: LoginOutcome, input: PostLoginInput) => void;
  /** msw handlers that answer what the deployed Actions send (`npm start -- --stubs FILE`). */
  actionHandlers?: RunOptions['handlers'];
  /** What every login's request appears to be (geoip, IP, user agent, language); see `login.simulatedRequest`. */
  simulatedRequest?: SimulatedRequest;
}

/** A fake tenant that also logs users in: the Management API and the login endpoints on one state. */
export interface LocalTenant extends FakeTenant {
  readonly issuer: string;
  readonly login: LoginContext;
  /** Logs a seeded user in without a browser; returns the `Cookie` header value of the session. */
  loginAs(userId: string): string;
}

/**
 * The local Auth0: a tenant whose one router also serves the login endpoints (so faults, rate
 * limits and the request log cover them too), running the post-login Actions deployed to it on
 * every login and refresh.
 */
export const createLocalTenant = async (options: LocalTenantOptions = {}): Promise<LocalTenant> => {
  const keys = options.keys ?? (await createSigningKeys());
  const tenant = createTenantContext({ ...options, keys });
  const login: LoginContext = {
    tenant,
    state: createLoginState(keys, tenant.now),
    runPostLogin: createPostLoginRunner({
      tenant,
      keyId: keys.kid,
      onOutcome: options.onOutcome,
      handlers: options.actionHandlers,
    }),
    options: { autoLogin: options.autoLogin ?? false },
    simulatedRequest: options.simulatedRequest ?? {},
  };
  const facade = tenantFacade(tenant, (request) => answerTenantRequest(request, { tenant, login }));
  return {
    ...facade,
    get requests() {
      return facade.requests;
    },
    get issuer() {
      return tenant.issuer;
    },
    login,
    loginAs: (userId) => {
      if (!findUser(tenant, userId)) throw new Error(`loginAs: no user ${userId} in the tenant`);
      const sessionId = startSession(login.state, userId);
      return sessionCookie(sessionId, tenant.issuer).split(';')[0] ?? '';
    },
  };
};
