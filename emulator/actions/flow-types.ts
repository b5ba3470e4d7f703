import type { RequestHandler } from 'msw';
import type { JsonObject } from '../../core/json.ts';
import type { AuthenticationMethod, FactorSelector } from '../../core/post-login-types.ts';
import type { DirectoryEntry } from './api-directory.ts';
import type { ActionCache } from './cache.ts';
import type {
  LifetimeChanges,
  MetadataWrites,
  PostLoginRecord,
  RecordedCall,
  RedirectRecord,
} from './record.ts';
import type { MintedAccessToken, MintedToken } from './tokens.ts';
import type { ActionFailure, ActionModule } from './vm.ts';

/** An Action as a flow runs it: its compiled module, its `api.cache` and its own secrets. */
export interface FlowAction extends ActionModule {
  /** The post-login trigger's `api.cache` store this Action was loaded with. */
  readonly cache: ActionCache;
  /**
   * The Action's own secrets: in a flow it sees these as `event.secrets`, not another Action's.
   * Without them it sees the event's.
   */
  readonly secrets?: Readonly<Record<string, string>>;
}

/**
 * Why the login paused: an Action redirected (`api.redirect.sendUserTo`), rendered a form
 * (`api.prompt.render`), asked for an MFA challenge or enrollment (`api.authentication.*`), or
 * enabled MFA (`api.multifactor.enable`, challenged after the last Action).
 */
export type SuspensionKind = 'redirect' | 'prompt' | 'mfa-challenge' | 'mfa-enrollment';

/** A login an Action suspended: what the caller shows the user, and what resuming needs. */
export interface SuspendedLogin {
  kind: SuspensionKind;
  /** The Action that suspended the login. */
  action: string;
  /**
   * Where the resumed flow starts: that Action's `onContinuePostLogin` (redirect, prompt), or the
   * Action after it (MFA: Auth0 runs the next Action once the user completed the factor).
   */
  resumeWith: 'onContinuePostLogin' | 'next-action';
  /** The state the /continue request must bring back. */
  state: string;
  /** MFA: the factors the user may complete (already filtered by enrollment), and whether to pick one. */
  factors?: FactorSelector[];
  pickFactor?: boolean;
  /** MFA by `multifactor.enable`: the provider asked for. */
  provider?: string;
  /** prompt.render: the form and what the Action passed it. */
  prompt?: { id: string; fields?: JsonObject; vars?: JsonObject };
  /** What the Actions recorded for the tokens before the pause; the resumed flow starts from it. */
  idTokenClaims: JsonObject;
  accessTokenClaims: JsonObject;
  scopeChanges: PostLoginRecord['scopeChanges'];
  transactionMetadata: PostLoginRecord['transactionMetadata'];
}

export interface RunOptions {
  /** Tenant domain for `iss` and Auth0's own API audiences; `local.auth0.test` by default. */
  domain?: string;
  /** The tokens' `iss`, when the tenant is served elsewhere than `https://<domain>/` (loopback). */
  issuer?: string;
  /**
   * Clock in milliseconds since the Unix epoch, for `iat`/`exp`, `api.cache` expiry and the
   * timestamps of methods recorded now; `Date.now` by default. The Action's own `Date` keeps real time.
   */
  now?: () => number;
  /**
   * What the tenant grants of the requested scopes, before the Actions add or remove any: the access
   * token's `scope` starts from it. `event.transaction.requested_scopes` stays what the client asked
   * for. By default the tenant grants everything requested.
   */
  grantedScopes?: readonly string[];
  /** Put into the ID token as `nonce`, as on an authorization-code login. */
  nonce?: string;
  idTokenLifetimeSeconds?: number;
  accessTokenLifetimeSeconds?: number;
  /** The signing key's `kid`; changes the encoded token size only. */
  keyId?: string;
  /** Time limit of the whole flow, 20 s by default like Auth0. */
  timeoutMs?: number;
  /** Answers the Actions' `fetch` calls, before `handlers`. */
  fetch?: typeof fetch;
  /**
   * msw handlers (`http.get(url, resolver)`...) that answer what the Actions send with `fetch`,
   * `http` or `https` (so axios, got and vendor SDKs too). A request none answers fails the login,
   * naming its method and URL; nothing an Action sends leaves the machine.
   */
  handlers?: readonly RequestHandler[];
  /**
   * The post-login trigger's cache (Auth0 scopes `api.cache` to the trigger): keep one per tenant so
   * it survives redeploys. By default the first Action's, shared by every Action of the execution.
   */
  cache?: ActionCache;
  /** The state to add to a suspension (redirect URL, /continue); random by default. */
  redirectState?: string;
  /** Resume a login an Action suspended (its outcome's `suspended`); `event` is the resumed login's. */
  resume?: SuspendedLogin;
  /** Ids of the legacy Rules that ran in this transaction, for `api.rules.wasExecuted`. */
  executedRules?: readonly string[];
  /** The user's groups, for `api.groups`. */
  groups?: readonly DirectoryEntry[];
}

/** A failure of the flow; `action` and `source` say which Action and which line of its source. */
export type FlowError = ActionFailure & { code?: string };

export interface LoginOutcome {
  /** Absent when the login was denied, failed, was suspended, or did not request `openid`. */
  idToken?: MintedToken;
  /** Present when an API audience was requested and the login completed. */
  accessToken?: MintedAccessToken;
  denied?: { reason: string };
  error?: FlowError;
  /** What Auth0 would save at the end of the flow; saved even when denied, not when the flow failed. */
  metadataWrites: MetadataWrites;
  redirect?: RedirectRecord;
  /** Present when the login paused: show the user what `kind` asks, then pass it as `resume`. */
  suspended?: SuspendedLogin;
  multifactor?: PostLoginRecord['multifactor'];
  /** Methods `recordMethod` completed now: the caller adds them to the session's methods. */
  authenticationMethods: AuthenticationMethod[];
  /** The user the tokens are for, when an Action called `setPrimaryUser`. */
  primaryUser?: string;
  /** What the Actions asked of the session and the refresh token; the caller applies it. */
  session: LifetimeChanges;
  refreshToken: LifetimeChanges;
  /** What `api.samlResponse` set, in a SAML login. */
  samlResponse: JsonObject;
  /** Every `console` line of the run, each cut to 256 characters, and the runtime's own warnings. */
  logs: string[];
  calls: RecordedCall[];
  /** Actions that did not run because an earlier one denied, suspended or failed. */
  skipped: string[];
}
