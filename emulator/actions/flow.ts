import type { JsonObject } from '../../core/json.ts';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import { createPostLoginApi } from './api.ts';
import type { ActionCache } from './cache.ts';
import { DEFAULT_TENANT_DOMAIN } from './event.ts';
import { copyJson } from './json.ts';
import {
  createPostLoginRecord,
  type MetadataWrites,
  type PostLoginRecord,
  type RecordedCall,
  type RedirectRecord,
  setOwn,
} from './record.ts';
import { type MintedAccessToken, type MintedToken, mintTokens } from './tokens.ts';
import type { ActionModule } from './vm.ts';

/** An Action as a flow runs it: its compiled module, its `api.cache` and its own secrets. */
export interface FlowAction extends ActionModule {
  /** The Action's `api.cache` store, shared by all its runs. */
  readonly cache: ActionCache;
  /**
   * The Action's own secrets: in a flow it sees these as `event.secrets`, not another Action's.
   * Without them it sees the event's.
   */
  readonly secrets?: Readonly<Record<string, string>>;
}

/** Auth0 stops a post-login trigger run after 20 seconds. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** A login an Action redirected, suspended: what `/continue` needs to resume it. */
export interface SuspendedLogin {
  /** The Action that redirected: resuming runs its `onContinuePostLogin`, then the Actions after it. */
  action: string;
  /** The state added to the redirect URL; the /continue request must bring it back. */
  state: string;
  /** What the Actions recorded for the tokens before the redirect; the resumed flow starts from it. */
  idTokenClaims: JsonObject;
  accessTokenClaims: JsonObject;
  scopeChanges: PostLoginRecord['scopeChanges'];
}

export interface RunOptions {
  /** Tenant domain for `iss` and Auth0's own API audiences; `local.auth0.test` by default. */
  domain?: string;
  /**
   * Clock in milliseconds since the Unix epoch, for `iat`/`exp` and `api.cache` expiry; `Date.now` by
   * default. The Action's own `Date` keeps real time.
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
  /** Answers the Actions' `fetch` calls; without it `fetch` rejects. */
  fetch?: typeof fetch;
  /**
   * One cache for every Action of the flow (Auth0 scopes cache entries to the trigger). By default
   * each loaded Action keeps its own.
   */
  cache?: ActionCache;
  /** The state to add to an accepted redirect's URL; random by default. */
  redirectState?: string;
  /**
   * Resume a login an Action redirected (its outcome's `suspended`), as Auth0's `/continue` does:
   * the Actions before the redirecting one do not run again, the redirecting one runs its
   * `onContinuePostLogin`, the rest their `onExecutePostLogin`. `event` is the /continue login's.
   */
  resume?: SuspendedLogin;
}

export interface LoginOutcome {
  /** Absent when the login was denied, failed, was redirected, or did not request `openid`. */
  idToken?: MintedToken;
  /** Present when an API audience was requested and the login completed. */
  accessToken?: MintedAccessToken;
  denied?: { reason: string };
  error?: { message: string };
  /** What Auth0 would save at the end of the flow; saved even when denied, not when the flow failed. */
  metadataWrites: MetadataWrites;
  redirect?: RedirectRecord;
  /** Present when an Action redirected the user: pass it as `resume` to finish the login. */
  suspended?: SuspendedLogin;
  multifactor?: PostLoginRecord['multifactor'];
  /** Every `console` line of the run, each cut to 256 characters. */
  logs: string[];
  calls: RecordedCall[];
  /** Actions that did not run because an earlier one denied, redirected or failed. */
  skipped: string[];
}

const stopsTheFlow = (record: PostLoginRecord, failed: boolean): boolean =>
  failed ||
  record.denied !== undefined ||
  (record.redirect !== undefined && record.redirect.refused === undefined);

/**
 * Runs one login through the bound Actions in order, as Auth0's post-login flow does: all share one
 * record (claims, scopes, metadata writes merge, last write wins); a deny skips the Actions after
 * it; an accepted redirect suspends the flow (`suspended`; finish it with the `resume` option); an
 * Action that throws or overruns the time limit fails the login without crashing the caller.
 * Everything returned is plain host-realm JSON.
 */
export const runPostLoginFlow = async (
  actions: readonly FlowAction[],
  event: PostLoginEvent,
  options: RunOptions = {},
): Promise<LoginOutcome> => {
  const domain = options.domain ?? DEFAULT_TENANT_DOMAIN;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = performance.now() + timeoutMs;
  const record = createPostLoginRecord();
  const logs: string[] = [];
  const skipped: string[] = [];
  let error: { message: string } | undefined;
  let redirectedBy: string | undefined;

  const { resume } = options;
  const resumeAt = resume ? actions.findIndex((action) => action.name === resume.action) : 0;
  if (resume) {
    // setOwn, not Object.assign: a claim may be named `__proto__`.
    for (const [name, value] of Object.entries(resume.idTokenClaims))
      setOwn(record.idTokenClaims, name, value);
    for (const [name, value] of Object.entries(resume.accessTokenClaims))
      setOwn(record.accessTokenClaims, name, value);
    record.scopeChanges.push(...resume.scopeChanges);
    if (resumeAt < 0) {
      error = {
        message: `cannot resume the login: ${resume.action}, which redirected, is no longer in the flow`,
      };
    }
  }

  for (const [index, action] of actions.entries()) {
    if (index < resumeAt) continue;
    if (stopsTheFlow(record, error !== undefined)) {
      skipped.push(action.name);
      continue;
    }
    const continuing = resume !== undefined && index === resumeAt;
    const { api, finish } = createPostLoginApi(event, {
      domain,
      now,
      cache: options.cache ?? action.cache,
      actionName: action.name,
      record,
      errors: action.errors,
      redirectState: options.redirectState,
      continueState: continuing ? resume?.state : undefined,
    });
    const time = { remainingMs: deadline - performance.now(), limitMs: timeoutMs };
    const seen = action.secrets ? { ...event, secrets: { ...action.secrets } } : event;
    const entry = continuing ? 'onContinuePostLogin' : 'onExecutePostLogin';
    const result = await action.invoke(seen, api, { logs, fetch: options.fetch }, time, entry);
    finish();
    error = result.error;
    if (record.redirect && !record.redirect.refused) redirectedBy ??= action.name;
  }

  const outcome: LoginOutcome = {
    metadataWrites: error ? { user_metadata: {}, app_metadata: {} } : record.metadataWrites,
    logs,
    calls: record.calls,
    skipped,
  };
  if (record.redirect) outcome.redirect = record.redirect;
  if (record.multifactor) outcome.multifactor = record.multifactor;
  if (error) outcome.error = error;
  else if (record.denied) outcome.denied = record.denied;
  else if (redirectedBy !== undefined && record.redirect?.state !== undefined) {
    outcome.suspended = {
      action: redirectedBy,
      state: record.redirect.state,
      idTokenClaims: record.idTokenClaims,
      accessTokenClaims: record.accessTokenClaims,
      scopeChanges: record.scopeChanges,
    };
  } else {
    const tokens = mintTokens(event, record, { ...options, domain, now: now() });
    if (tokens.error) outcome.error = tokens.error;
    if (tokens.idToken) outcome.idToken = tokens.idToken;
    if (tokens.accessToken) outcome.accessToken = tokens.accessToken;
  }
  return copyJson(outcome);
};
