import { randomBytes } from 'node:crypto';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import { createPostLoginApi } from './api.ts';
import { DEFAULT_TENANT_DOMAIN } from './event.ts';
import { finishOutcome } from './flow-outcome.ts';
import type { FlowAction, FlowError, LoginOutcome, RunOptions } from './flow-types.ts';
import { copyJson } from './json.ts';
import { createPostLoginRecord, type PostLoginRecord, setOwn } from './record.ts';

export type { FlowAction, LoginOutcome, RunOptions, SuspendedLogin, SuspensionKind } from './flow-types.ts';

/** Auth0 stops a post-login trigger run after 20 seconds. */
export const DEFAULT_TIMEOUT_MS = 20_000;

/** The Action that ran last paused the login (redirect, form, MFA): no later Action runs now. */
const pausedByLastAction = (record: PostLoginRecord): boolean =>
  (record.redirect !== undefined && record.redirect.refused === undefined) ||
  record.prompt !== undefined ||
  record.mfa !== undefined;

const stopsTheFlow = (record: PostLoginRecord, error: FlowError | undefined): boolean =>
  error !== undefined ||
  record.denied !== undefined ||
  record.validationError !== undefined ||
  pausedByLastAction(record);

/** The event one Action is handed: its own secrets, and the transaction metadata set so far. */
export const eventFor = (
  event: PostLoginEvent,
  action: FlowAction,
  record: PostLoginRecord,
): PostLoginEvent => {
  const seen: PostLoginEvent = { ...event };
  if (action.secrets) seen.secrets = { ...action.secrets };
  if (event.transaction)
    seen.transaction = { ...event.transaction, metadata: { ...record.transactionMetadata } };
  return seen;
};

/** How a caller that runs logins by the million (user-logins.ts) hands events over and takes outcomes back. */
export interface FlowHandling {
  /** Builds the first Action's event inside its realm, instead of copying `eventFor(...)` over as JSON. */
  readonly handOver?: () => PostLoginEvent;
  /** Returns the outcome without the final JSON copy, for a caller that only reads it. */
  readonly uncopied?: boolean;
}

/**
 * Runs one login through the bound Actions in order, as Auth0's post-login flow does: all share one
 * record (claims, scopes, metadata writes merge, last write wins) and one `api.cache` (scoped to the
 * trigger); a deny skips the Actions after it; a redirect, a form or an MFA challenge or enrollment
 * suspends the flow (`suspended`; finish it with the `resume` option); an Action that throws or
 * overruns the time limit fails the login, naming itself and its source line, without crashing the
 * caller. Everything returned is plain host-realm JSON.
 */
export const runPostLoginFlow = async (
  actions: readonly FlowAction[],
  event: PostLoginEvent,
  options: RunOptions = {},
  handling: FlowHandling = {},
): Promise<LoginOutcome> => {
  const domain = options.domain ?? DEFAULT_TENANT_DOMAIN;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = performance.now() + timeoutMs;
  const cache = options.cache ?? actions[0]?.cache;
  // Only a suspended login needs a state; drawing one costs more than a whole run of some Actions.
  const state = () => options.redirectState ?? randomBytes(16).toString('base64url');
  const record = createPostLoginRecord();
  const logs: string[] = [];
  const skipped: string[] = [];
  let error: FlowError | undefined;
  let pausedBy: string | undefined;

  const { resume } = options;
  let startAt = 0;
  if (resume) {
    // setOwn, not Object.assign: a claim may be named `__proto__`.
    for (const [name, value] of Object.entries(resume.idTokenClaims))
      setOwn(record.idTokenClaims, name, value);
    for (const [name, value] of Object.entries(resume.accessTokenClaims))
      setOwn(record.accessTokenClaims, name, value);
    record.scopeChanges.push(...resume.scopeChanges);
    record.transactionMetadata = { ...(resume.transactionMetadata ?? {}) };
    const at = actions.findIndex((action) => action.name === resume.action);
    if (at < 0) {
      error = {
        message: `cannot resume the login: ${resume.action}, which suspended it, is no longer in the flow`,
      };
    }
    startAt = resume.resumeWith === 'next-action' ? at + 1 : at;
  }

  for (const [index, action] of actions.entries()) {
    if (index < startAt) continue;
    if (stopsTheFlow(record, error)) {
      skipped.push(action.name);
      continue;
    }
    const continuing =
      resume !== undefined && resume.resumeWith === 'onContinuePostLogin' && index === startAt;
    let live: PostLoginEvent | undefined;
    const userMetadataBefore = record.metadataWrites.user_metadata;
    const primaryUserBefore = record.primaryUser;
    const { api, finish } = createPostLoginApi(event, {
      domain,
      now,
      cache: cache ?? action.cache,
      actionName: action.name,
      record,
      errors: action.errors,
      redirectState: options.redirectState,
      continueState: continuing ? resume?.state : undefined,
      executedRules: options.executedRules,
      groups: options.groups,
      liveEvent: () => live,
    });
    const time = { remainingMs: deadline - performance.now(), limitMs: timeoutMs };
    const entry = continuing ? 'onContinuePostLogin' : 'onExecutePostLogin';
    const handOver = index === 0 && !resume ? handling.handOver : undefined;
    const scope = {
      logs,
      fetch: options.fetch,
      handlers: options.handlers,
      handOver,
      onEvent: (handed: PostLoginEvent) => {
        live = handed;
      },
    };
    // A handed-over event is built by the caller: this Action's own is then never read.
    const handed = handOver ? event : eventFor(event, action, record);
    const result = await action.invoke(handed, api, scope, time, entry);
    finish();
    logs.push(...record.warnings.splice(0));
    error = result.error;
    // "Any userMetadata set in the same Action as setPrimaryUser is discarded" (Actions Limitations).
    if (record.primaryUser !== primaryUserBefore) record.metadataWrites.user_metadata = userMetadataBefore;
    if (!error && record.mfa?.factors.length === 0) {
      error = {
        message: `${action.name} asked for MFA ${record.mfa.kind} with no factor the user can ${record.mfa.kind === 'challenge' ? 'complete (none enrolled)' : 'enroll (all enrolled)'}: the login fails`,
        action: action.name,
      };
    }
    if (record.validationError) error = { ...record.validationError, action: action.name };
    if (!error && pausedByLastAction(record)) pausedBy = action.name;
  }

  const outcome = finishOutcome({
    event,
    record,
    options: { ...options, domain, now },
    logs,
    skipped,
    error,
    pausedBy,
    state,
    actions,
  });
  return handling.uncopied ? outcome : copyJson(outcome);
};
