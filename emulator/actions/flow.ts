import { randomBytes } from 'node:crypto';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import { createPostLoginApi } from './api.ts';
import { DEFAULT_TENANT_DOMAIN } from './event.ts';
import { finishOutcome } from './flow-outcome.ts';
import type { FlowAction, FlowError, LoginOutcome, RunOptions } from './flow-types.ts';
import { copyJson } from './json.ts';
import { createPostLoginRecord, type PostLoginRecord, setOwn } from './record.ts';
import { plainToken } from './tokens.ts';

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

/** One flow's state between its Actions: the async part of a login is kept to one `await`. */
interface FlowRun {
  readonly actions: readonly FlowAction[];
  readonly event: PostLoginEvent;
  readonly options: RunOptions;
  readonly handling: FlowHandling;
  readonly domain: string;
  readonly now: () => number;
  readonly timeoutMs: number;
  readonly deadline: number;
  readonly cache: RunOptions['cache'];
  readonly record: PostLoginRecord;
  readonly logs: string[];
  readonly skipped: string[];
  error: FlowError | undefined;
  pausedBy: string | undefined;
  startAt: number;
  /** The running Action's: what its `setPrimaryUser` discards, the end of its `api`, its event. */
  userMetadataBefore: PostLoginRecord['metadataWrites']['user_metadata'];
  primaryUserBefore: string | undefined;
  finish: () => void;
  live: PostLoginEvent | undefined;
}

const NOTHING_TO_FINISH = () => undefined;

const startFlow = (
  actions: readonly FlowAction[],
  event: PostLoginEvent,
  options: RunOptions,
  handling: FlowHandling,
): FlowRun => {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const record = createPostLoginRecord();
  const run: FlowRun = {
    actions,
    event,
    options,
    handling,
    domain: options.domain ?? DEFAULT_TENANT_DOMAIN,
    now: options.now ?? Date.now,
    timeoutMs,
    deadline: performance.now() + timeoutMs,
    cache: options.cache ?? actions[0]?.cache,
    record,
    logs: [],
    skipped: [],
    error: undefined,
    pausedBy: undefined,
    startAt: 0,
    userMetadataBefore: record.metadataWrites.user_metadata,
    primaryUserBefore: undefined,
    finish: NOTHING_TO_FINISH,
    live: undefined,
  };
  const { resume } = options;
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
      run.error = {
        message: `cannot resume the login: ${resume.action}, which suspended it, is no longer in the flow`,
      };
    }
    run.startAt = resume.resumeWith === 'next-action' ? at + 1 : at;
  }
  return run;
};

/** Starts the Action at `index`: its run, or undefined when the flow stopped before it. */
const startAction = (run: FlowRun, index: number): Promise<{ error?: FlowError }> | undefined => {
  const { actions, event, options, record } = run;
  const action = actions[index] as FlowAction;
  if (stopsTheFlow(record, run.error)) {
    run.skipped.push(action.name);
    return undefined;
  }
  const { resume } = options;
  const continuing =
    resume !== undefined && resume.resumeWith === 'onContinuePostLogin' && index === run.startAt;
  run.live = undefined;
  run.userMetadataBefore = record.metadataWrites.user_metadata;
  run.primaryUserBefore = record.primaryUser;
  const { api, finish } = createPostLoginApi(event, {
    domain: run.domain,
    now: run.now,
    cache: run.cache ?? action.cache,
    actionName: action.name,
    record,
    errors: action.errors,
    redirectState: options.redirectState,
    continueState: continuing ? resume?.state : undefined,
    executedRules: options.executedRules,
    groups: options.groups,
    liveEvent: () => run.live,
  });
  run.finish = finish;
  const time = { remainingMs: run.deadline - performance.now(), limitMs: run.timeoutMs };
  const entry = continuing ? 'onContinuePostLogin' : 'onExecutePostLogin';
  const handOver = index === 0 && !resume ? run.handling.handOver : undefined;
  const scope = {
    logs: run.logs,
    fetch: options.fetch,
    handlers: options.handlers,
    handOver,
    onEvent: (handed: PostLoginEvent) => {
      run.live = handed;
    },
  };
  // A handed-over event is built by the caller: this Action's own is then never read.
  const handed = handOver ? event : eventFor(event, action, record);
  return action.invoke(handed, api, scope, time, entry);
};

const endAction = (run: FlowRun, index: number, result: { error?: FlowError }) => {
  const { record } = run;
  const action = run.actions[index] as FlowAction;
  run.finish();
  if (record.warnings.length > 0) run.logs.push(...record.warnings.splice(0));
  let error = result.error;
  // "Any userMetadata set in the same Action as setPrimaryUser is discarded" (Actions Limitations).
  if (record.primaryUser !== run.primaryUserBefore)
    record.metadataWrites.user_metadata = run.userMetadataBefore;
  if (!error && record.mfa?.factors.length === 0) {
    error = {
      message: `${action.name} asked for MFA ${record.mfa.kind} with no factor the user can ${record.mfa.kind === 'challenge' ? 'complete (none enrolled)' : 'enroll (all enrolled)'}: the login fails`,
      action: action.name,
    };
  }
  if (record.validationError) error = { ...record.validationError, action: action.name };
  if (!error && pausedByLastAction(record)) run.pausedBy = action.name;
  run.error = error;
};

const endFlow = (run: FlowRun): LoginOutcome => {
  // Only a suspended login needs a state; drawing one costs more than a whole run of some Actions.
  const { options } = run;
  const state = () => options.redirectState ?? randomBytes(16).toString('base64url');
  const outcome = finishOutcome({
    event: run.event,
    record: run.record,
    options: { ...options, domain: run.domain, now: run.now },
    logs: run.logs,
    skipped: run.skipped,
    error: run.error,
    pausedBy: run.pausedBy,
    state,
    actions: run.actions,
  });
  if (run.handling.uncopied) return outcome;
  if (outcome.idToken) outcome.idToken = plainToken(outcome.idToken);
  if (outcome.accessToken) outcome.accessToken = plainToken(outcome.accessToken);
  return copyJson(outcome);
};

/** Runs the Actions from `from` on: the outcome, or a promise of it while an Action runs. */
const continueFlow = (run: FlowRun, from: number): LoginOutcome | Promise<LoginOutcome> => {
  for (let index = from; index < run.actions.length; index++) {
    const started = startAction(run, index);
    if (started) {
      return started.then((result) => {
        endAction(run, index, result);
        return continueFlow(run, index + 1);
      });
    }
  }
  return endFlow(run);
};

/**
 * Runs one login through the bound Actions in order, as Auth0's post-login flow does: all share one
 * record (claims, scopes, metadata writes merge, last write wins) and one `api.cache` (scoped to the
 * trigger); a deny skips the Actions after it; a redirect, a form or an MFA challenge or enrollment
 * suspends the flow (`suspended`; finish it with the `resume` option); an Action that throws or
 * overruns the time limit fails the login, naming itself and its source line, without crashing the
 * caller. Everything returned is plain host-realm JSON. Between Actions the flow is plain functions
 * chained on each Action's run, not an async function: its state was copied out at each `await`,
 * and each `await` made a promise of its own, which the process's async hooks see too.
 */
export const runPostLoginFlow = (
  actions: readonly FlowAction[],
  event: PostLoginEvent,
  options: RunOptions = {},
  handling: FlowHandling = {},
): Promise<LoginOutcome> => {
  try {
    const run = startFlow(actions, event, options, handling);
    const outcome = continueFlow(run, Math.max(0, run.startAt));
    return outcome instanceof Promise ? outcome : Promise.resolve(outcome);
  } catch (error) {
    return Promise.reject(error);
  }
};
