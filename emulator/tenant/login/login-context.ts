import type { TenantContext } from '../tenant-context.ts';
import type { RunPostLogin } from './post-login/post-login-input.ts';
import type { LoginState } from './session/login-state.ts';

export interface LoginOptions {
  /**
   * For tests and demos without a browser: `/authorize?login_hint=<user id or email>` logs that
   * seeded user straight in and accepts any consent, as if the user had clicked through both pages.
   */
  autoLogin?: boolean;
}

/** What every login endpoint works with: the tenant it belongs to and the login side of its state. */
export interface LoginContext {
  readonly tenant: TenantContext;
  readonly state: LoginState;
  readonly runPostLogin: RunPostLogin;
  readonly options: Required<LoginOptions>;
}
