import type { LoginOutcome } from '../../actions/index.ts';
import type { TenantExtensionFactory } from '../fake-tenant.ts';
import { managementClientCredentials } from '../management/token.ts';
import type { Route } from '../router.ts';
import type { LoginOptions } from './login-context.ts';
import type { PostLoginInput } from './login-flow.ts';
import { createLoginEndpoints, LOGIN_ROUTES, type LoginEndpoints } from './login-routes.ts';
import { createPostLoginRunner } from './post-login-runner.ts';
import type { SigningKeys } from './signing-keys.ts';
import { tenantDirectory } from './tenant-directory.ts';

export interface LoginExtensionOptions extends LoginOptions {
  keys: SigningKeys;
  /** Sees every post-login run (Action logs, token sizes). */
  onOutcome?: (outcome: LoginOutcome, input: PostLoginInput) => void;
  /** Receives the endpoints once the tenant has built them (for `loginAs` and the login state). */
  onCreated?: (endpoints: LoginEndpoints) => void;
}

/**
 * The login endpoints as a fake-tenant extension: built per tenant on its state, mounted in its
 * route table ahead of the Management API. `POST /oauth/token` is theirs too; client credentials
 * for the Management API go back to the tenant's own grant, whose tokens the Management API checks.
 */
export const loginExtension =
  (options: LoginExtensionOptions): TenantExtensionFactory =>
  (context) => {
    const directory = tenantDirectory(context);
    const endpoints = createLoginEndpoints({
      directory,
      keys: options.keys,
      clock: context.now,
      autoLogin: options.autoLogin ?? false,
      runPostLogin: createPostLoginRunner({
        directory,
        clock: context.now,
        keyId: options.keys.kid,
        onOutcome: options.onOutcome,
      }),
      managementGrant: {
        audience: context.managementAudience,
        answer: async (params, request) =>
          managementClientCredentials(params, {
            request,
            url: new URL(request.url),
            params: {},
            tenant: context,
            scopes: new Set(),
          }),
      },
    });
    options.onCreated?.(endpoints);
    const answer: Route['handle'] = async ({ request }) =>
      (await endpoints.handle(request)) ?? new Response(null, { status: 404 });
    const routes = LOGIN_ROUTES.flatMap(({ path, methods }) =>
      methods.flatMap((method): Route[] =>
        method === 'GET' || method === 'POST' ? [{ method, path, handle: answer }] : [],
      ),
    );
    return { routes };
  };
