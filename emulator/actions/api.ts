import type { Json } from '../../core/json.ts';
import type { PostLoginApi, PostLoginEvent } from '../../core/post-login-types.ts';
import { createAuthenticationApi } from './api-authentication.ts';
import type { ApiDeps } from './api-deps.ts';
import { createGroupsApi, createRolesApi, type DirectoryEntry } from './api-directory.ts';
import { createRefreshTokenApi, createSessionApi } from './api-lifetimes.ts';
import { createRedirectApi } from './api-redirect.ts';
import { createSamlResponseApi } from './api-saml.ts';
import { createAccessTokenApi, createIdTokenApi, createUserApi } from './api-tokens.ts';
import {
  createPromptApi,
  createRulesApi,
  createTransactionApi,
  createValidationApi,
} from './api-transaction.ts';
import type { ActionCache } from './cache.ts';
import { cloneJsonArgs } from './json.ts';
import { type LazyPart, PostLoginApiObject } from './lazy-api.ts';
import { type ApiMethod, type CallResult, createPostLoginRecord, type PostLoginRecord } from './record.ts';

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
  /** Ids of the legacy Rules that ran before the Actions, for `api.rules.wasExecuted`. */
  executedRules?: readonly string[];
  /** The user's groups, for `api.groups`. */
  groups?: readonly DirectoryEntry[];
  /** The event object the Action holds, once it runs: Auth0 updates `transaction.metadata` in it. */
  liveEvent?: () => PostLoginEvent | undefined;
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
  const errors = context.errors ?? { Error, TypeError };

  const note = (method: ApiMethod, args: unknown[], result: CallResult, reason?: string) => {
    const copied = cloneJsonArgs(args);
    record.calls.push(
      reason === undefined
        ? { action, method, args: copied, result }
        : { action, method, args: copied, result, reason },
    );
  };
  const noteCopied = (method: ApiMethod, args: Json[]) => {
    record.calls.push({ action, method, args, result: 'applied' });
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
  const deps: ApiDeps = {
    event,
    record,
    domain: context.domain,
    now: context.now,
    errors,
    continuing: context.continueState !== undefined,
    liveEvent: context.liveEvent ?? (() => undefined),
    note,
    noteCopied,
    fail,
    late,
    isFinished: () => finished,
    self: () => api,
  };

  const cacheApi = (): PostLoginApi['cache'] => ({
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
  });

  // Built on first use: most Actions touch two or three parts of `api`, and building all of them
  // for every Action of every login costs more than a small Action's whole run.
  const buildPart = (part: LazyPart): unknown => {
    switch (part) {
      case 'access':
        return {
          deny: (reason: string) => {
            if (late('access.deny', [reason])) return api;
            record.denied = { reason: String(reason) };
            note('access.deny', [reason], 'applied');
            return api;
          },
        };
      case 'user':
        return createUserApi(deps);
      case 'multifactor':
        return {
          enable: (provider: string, options?: { allowRememberBrowser?: boolean }) => {
            const args = options === undefined ? [provider] : [provider, options];
            if (late('multifactor.enable', args)) return api;
            record.multifactor =
              options?.allowRememberBrowser === undefined
                ? { provider: String(provider) }
                : { provider: String(provider), allowRememberBrowser: Boolean(options.allowRememberBrowser) };
            record.multifactorBy = action;
            note('multifactor.enable', args, 'applied');
            return api;
          },
        };
      case 'redirect':
        return createRedirectApi({
          ...deps,
          redirectState: context.redirectState,
          continueState: context.continueState,
        });
      case 'cache':
        return cacheApi();
      case 'samlResponse':
        return createSamlResponseApi(deps);
      case 'validation':
        return createValidationApi(deps);
      case 'rules':
        return createRulesApi(deps, context.executedRules ?? []);
      case 'prompt':
        return createPromptApi(deps);
      case 'refreshToken':
        return createRefreshTokenApi(deps);
      case 'session':
        return createSessionApi(deps);
      case 'transaction':
        return createTransactionApi(deps);
      case 'groups':
        return createGroupsApi(deps, context.groups ?? []);
      case 'roles':
        return createRolesApi(deps);
      case 'authentication':
        return createAuthenticationApi(deps);
    }
  };
  // The token parts are read by nearly every Action: they are built with the object.
  const api = new PostLoginApiObject(buildPart) as unknown as PostLoginApi;
  api.accessToken = createAccessTokenApi(deps);
  api.idToken = createIdTokenApi(deps);
  const finish = () => {
    finished = true;
  };
  return { api, record, finish };
};
