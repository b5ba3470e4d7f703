import type { PostLoginEvent } from '../../core/post-login-types.ts';
import type { FlowAction, FlowError, LoginOutcome, RunOptions, SuspendedLogin } from './flow-types.ts';
import type { PostLoginRecord } from './record.ts';
import { mintTokens } from './tokens.ts';

export interface FlowEnd {
  event: PostLoginEvent;
  record: PostLoginRecord;
  options: RunOptions & { domain: string; now: () => number };
  logs: string[];
  skipped: string[];
  error: FlowError | undefined;
  /** The Action that paused the login, when one did. */
  pausedBy: string | undefined;
  /** Draws the state a suspended login's /continue must bring back. */
  state: () => string;
  actions: readonly FlowAction[];
}

const carried = (record: PostLoginRecord) => ({
  idTokenClaims: record.idTokenClaims,
  accessTokenClaims: record.accessTokenClaims,
  scopeChanges: record.scopeChanges,
  transactionMetadata: record.transactionMetadata,
});

/** What the pausing Action asked for, as the caller must show it. */
const suspension = (end: FlowEnd, action: string): SuspendedLogin | undefined => {
  const { record, state } = end;
  if (record.mfa) {
    return {
      kind: record.mfa.kind === 'challenge' ? 'mfa-challenge' : 'mfa-enrollment',
      action,
      resumeWith: 'next-action',
      state: state(),
      factors: record.mfa.factors,
      pickFactor: record.mfa.any,
      ...carried(record),
    };
  }
  if (record.prompt) {
    return {
      kind: 'prompt',
      action,
      resumeWith: 'onContinuePostLogin',
      state: state(),
      prompt: record.prompt,
      ...carried(record),
    };
  }
  if (record.redirect?.state !== undefined) {
    return {
      kind: 'redirect',
      action,
      resumeWith: 'onContinuePostLogin',
      state: record.redirect.state,
      ...carried(record),
    };
  }
  return undefined;
};

/**
 * `api.multifactor.enable` defers the challenge to the end of the flow ("The actual multifactor
 * challenge will be deferred to the end of the login flow"); a session that already completed MFA
 * is not challenged again.
 */
const deferredMfa = (end: FlowEnd): SuspendedLogin | undefined => {
  const { record, event, actions, state } = end;
  const asked = record.multifactor;
  if (asked === undefined || asked.provider === 'none') return undefined;
  if (event.authentication?.methods.some((method) => method.name === 'mfa')) return undefined;
  const last = actions.at(-1)?.name ?? record.multifactorBy ?? '';
  return {
    kind: 'mfa-challenge',
    action: last,
    resumeWith: 'next-action',
    state: state(),
    provider: asked.provider,
    ...carried(record),
  };
};

/** The outcome of a flow that ran to its end or stopped: tokens, or why there are none. */
export const finishOutcome = (end: FlowEnd): LoginOutcome => {
  const { record, error, event, options } = end;
  const outcome: LoginOutcome = {
    metadataWrites: error ? { user_metadata: {}, app_metadata: {} } : record.metadataWrites,
    authenticationMethods: error ? [] : record.recordedMethods,
    session: record.session,
    refreshToken: record.refreshToken,
    samlResponse: record.samlResponse,
    logs: end.logs,
    calls: record.calls,
    skipped: end.skipped,
  };
  if (record.redirect) outcome.redirect = record.redirect;
  if (record.multifactor) outcome.multifactor = record.multifactor;
  if (record.primaryUser !== undefined) outcome.primaryUser = record.primaryUser;
  if (error) {
    outcome.error = error;
    return outcome;
  }
  if (record.denied) {
    outcome.denied = record.denied;
    return outcome;
  }
  const paused = end.pausedBy === undefined ? deferredMfa(end) : suspension(end, end.pausedBy);
  if (paused) {
    outcome.suspended = paused;
    return outcome;
  }
  const subject =
    record.primaryUser === undefined
      ? event
      : { ...event, user: { ...event.user, user_id: record.primaryUser } };
  const tokens = mintTokens(subject, record, { ...options, now: options.now() });
  if (tokens.error) outcome.error = tokens.error;
  if (tokens.idToken) outcome.idToken = tokens.idToken;
  if (tokens.accessToken) outcome.accessToken = tokens.accessToken;
  return outcome;
};
