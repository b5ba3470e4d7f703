import type { LoginDirectory } from './login-directory.ts';
import type { RunPostLogin } from './login-flow.ts';
import type { LoginState } from './login-state.ts';

export interface LoginOptions {
  /**
   * For tests and demos without a browser: `/authorize?login_hint=<user id or email>` logs that
   * seeded user straight in and accepts any consent, as if the user had clicked through both pages.
   */
  autoLogin?: boolean;
}

import type { Params } from './request-params.ts';

/**
 * Client credentials for the Management API stay with the tenant's own Management API module
 * (its tokens are checked there); the token endpoint hands such requests over.
 */
export interface ManagementGrant {
  audience: string;
  answer(params: Params, request: Request): Promise<Response>;
}

/** What every login endpoint works with. */
export interface LoginContext {
  readonly directory: LoginDirectory;
  readonly state: LoginState;
  readonly runPostLogin: RunPostLogin;
  readonly options: Required<LoginOptions>;
  readonly managementGrant: ManagementGrant | undefined;
}
