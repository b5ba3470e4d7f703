import type { Context } from 'hono';
import type { LoginContext } from './login/login-context.ts';
import type { TenantContext } from './tenant-context.ts';

/**
 * The tenant app is one router for every tenant of the process (its route table compiles once); each
 * request carries its tenant in the bindings. `login` is set on a local tenant, which logs users in;
 * a fake tenant alone answers only the Management API.
 */
export interface TenantBindings {
  readonly tenant: TenantContext;
  readonly login: LoginContext | undefined;
}

export type TenantEnv = {
  Bindings: TenantBindings;
  Variables: {
    /** The scopes of the caller's Management API token, once `requireScope` has checked it. */
    scopes: ReadonlySet<string>;
  };
};

export type TenantRequestContext = Context<TenantEnv>;
