import type { Json, JsonObject } from '../../core/json.ts';
import type { PostLoginApi, PostLoginEvent } from '../../core/post-login-types.ts';
import { createRedirectApi } from './api-redirect.ts';
import type { ActionCache } from './cache.ts';
import { claimDropReason, type TokenName } from './claim-policy.ts';
import { SCOPE_CLAIM, SCOPE_CLAIM_ERROR } from './claim-rules.ts';
import { cloneJson, cloneJsonArgs, messageOf } from './json.ts';
import {
  type ApiMethod,
  type CallResult,
  createPostLoginRecord,
  type PostLoginRecord,
  setOwn,
} from './record.ts';
import { scopeProblem } from './scope-rules.ts';

export interface PostLoginApiContext {
  /** The tenant's domain, as in `https://<domain>/api/v2/`. */
  domain: string;
  /** Milliseconds since the Unix epoch; moves the cache's clock. */
  now: () => number;
  cache: ActionCache;
  /** Names the Action in recorded calls. */
  actionName?: string;
  /** The record of the flow so far, when this Action is not the first one. */
  record?: PostLoginRecord;
  /**
   * The error constructors of the Action's realm, so that `error instanceof Error` holds inside a
   * `vm` context. Defaults to the host's.
   */
  errors?: { Error: ErrorConstructor; TypeError: TypeErrorConstructor };
  /** The state Auth0 appends to an accepted redirect's URL; random when not given. */
  redirectState?: string;
  /**
   * The state of the /continue request, while `onContinuePostLogin` runs: `validateToken` checks the
   * returned token's `state` claim against it.
   */
  continueState?: string;
}

/**
 * An `api` for one Action's `onExecutePostLogin`, and the record of what it was asked. It applies
 * Auth0's rules at call time: restricted claims are dropped silently, `scope` throws, values are
 * copied as JSON when set, metadata writes are batched (never visible in `event.user`), `deny` only
 * marks the login. The same `api` serves `onContinuePostLogin` (with `continueState` set).
 */
export const createPostLoginApi = (
  event: PostLoginEvent,
  context: PostLoginApiContext,
): { api: PostLoginApi; record: PostLoginRecord; finish: () => void } => {
  const record = context.record ?? createPostLoginRecord();
  const action = context.actionName ?? 'action';
  const { Error: RealmError, TypeError: RealmTypeError } = context.errors ?? { Error, TypeError };

  const note = (method: ApiMethod, args: unknown[], result: CallResult, reason?: string) => {
    const copied = cloneJsonArgs(args);
    record.calls.push(
      reason === undefined
        ? { action, method, args: copied, result }
        : { action, method, args: copied, result, reason },
    );
  };
  // Auth0 ignores what an Action asks after its handler settled (a promise it did not await).
  let finished = false;
  const late = (method: ApiMethod, args: unknown[]): boolean => {
    if (finished) note(method, args, 'dropped', 'called after the Action finished; Auth0 ignores it');
    return finished;
  };
  const fail = (method: ApiMethod, args: unknown[], error: Error, result: CallResult = 'threw'): never => {
    note(method, args, result, error.message);
    throw error;
  };

  const setClaim = (token: TokenName, name: unknown, value: unknown): PostLoginApi => {
    const method: ApiMethod = `${token}.setCustomClaim`;
    if (late(method, [name, value])) return api;
    if (typeof name !== 'string')
      fail(method, [name, value], new RealmTypeError('The claim name must be a string.'));
    const claim = name as string;
    if (claim === SCOPE_CLAIM) fail(method, [name, value], new RealmError(SCOPE_CLAIM_ERROR));
    const copy = copyOrThrow(method, [name, value], value);
    const dropped = claimDropReason(token, claim, event, context.domain);
    if (dropped !== undefined || copy === undefined) {
      note(method, [name, value], 'dropped', dropped ?? 'the value has no JSON form');
      return api;
    }
    setOwn(token === 'idToken' ? record.idTokenClaims : record.accessTokenClaims, claim, copy);
    note(method, [name, value], 'applied');
    return api;
  };

  const copyOrThrow = (method: ApiMethod, args: unknown[], value: unknown): Json | undefined => {
    try {
      return cloneJson(value);
    } catch (error) {
      return fail(
        method,
        args,
        new RealmTypeError(`The value cannot be stored as JSON: ${messageOf(error)}`),
      );
    }
  };

  const setMetadata = (kind: keyof PostLoginRecord['metadataWrites'], name: unknown, value: unknown) => {
    const method: ApiMethod = kind === 'user_metadata' ? 'user.setUserMetadata' : 'user.setAppMetadata';
    if (late(method, [name, value])) return api;
    if (typeof name !== 'string' || name === '') {
      fail(method, [name, value], new RealmTypeError('The metadata key must be a non-empty string.'));
    }
    const copy = copyOrThrow(method, [name, value], value);
    if (copy === undefined) {
      note(method, [name, value], 'dropped', 'the value has no JSON form; use null to delete a key');
      return api;
    }
    setOwn(record.metadataWrites[kind] as JsonObject, name as string, copy);
    note(method, [name, value], 'applied');
    return api;
  };

  const changeScope = (op: 'add' | 'remove', scope: unknown): PostLoginApi => {
    const method: ApiMethod = op === 'add' ? 'accessToken.addScope' : 'accessToken.removeScope';
    if (late(method, [scope])) return api;
    const problem = scopeProblem(scope);
    if (problem !== undefined) fail(method, [scope], new RealmTypeError(`The scope ${problem}.`));
    record.scopeChanges.push({ op, scope: scope as string });
    note(method, [scope], 'applied');
    return api;
  };

  const api: PostLoginApi = {
    access: {
      deny: (reason) => {
        if (late('access.deny', [reason])) return api;
        record.denied = { reason: String(reason) };
        note('access.deny', [reason], 'applied');
        return api;
      },
    },
    accessToken: {
      setCustomClaim: (name, value) => setClaim('accessToken', name, value),
      addScope: (scope) => changeScope('add', scope),
      removeScope: (scope) => changeScope('remove', scope),
    },
    idToken: { setCustomClaim: (name, value) => setClaim('idToken', name, value) },
    user: {
      setUserMetadata: (name, value) => setMetadata('user_metadata', name, value),
      setAppMetadata: (name, value) => setMetadata('app_metadata', name, value),
    },
    multifactor: {
      enable: (provider, options) => {
        if (late('multifactor.enable', [provider, options])) return api;
        record.multifactor =
          options?.allowRememberBrowser === undefined
            ? { provider: String(provider) }
            : { provider: String(provider), allowRememberBrowser: Boolean(options.allowRememberBrowser) };
        note('multifactor.enable', options === undefined ? [provider] : [provider, options], 'applied');
        return api;
      },
    },
    redirect: createRedirectApi({
      event,
      record,
      domain: context.domain,
      now: context.now,
      redirectState: context.redirectState,
      continueState: context.continueState,
      errors: { Error: RealmError, TypeError: RealmTypeError },
      note,
      fail,
      late,
      self: () => api,
    }),
    cache: {
      get: (key) => {
        const found = context.cache.get(key, context.now());
        note('cache.get', [key], 'applied');
        return found;
      },
      set: (key, value, options) => {
        const result = context.cache.set(key, value, options, context.now());
        const args = options === undefined ? [key, value] : [key, value, options];
        note('cache.set', args, result.type === 'success' ? 'applied' : 'refused', result.code);
        return result;
      },
      delete: (key) => {
        const result = context.cache.delete(key, context.now());
        note('cache.delete', [key], result.type === 'success' ? 'applied' : 'refused', result.code);
        return result;
      },
    },
  };
  const finish = () => {
    finished = true;
  };
  return { api, record, finish };
};
