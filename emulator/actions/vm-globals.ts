import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';
import type { PostLoginEvent } from '../../core/post-login-types.ts';

/** Auth0 keeps the first 256 characters of each `console.log`. */
export const MAX_LOG_LINE_CHARS = 256;

/** What one login hands the Action's globals: where its logs go, and the `fetch` it may use. */
export interface RunScope {
  logs: string[];
  fetch?: typeof fetch;
  /** Sees the event object the Action is handed, for what Auth0 updates in place while it runs. */
  onEvent?: (event: PostLoginEvent) => void;
  /**
   * Builds the event the Action is handed inside its realm (user-logins.ts compiles most of it
   * once); without it the event is copied into the realm as JSON.
   */
  handOver?: () => PostLoginEvent;
}

export interface RealmErrors {
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
}

// Logins may overlap on one loaded Action (module code runs once), so each run finds its own log
// sink and fetch through the async context rather than through shared mutable state.
export const currentRun = new AsyncLocalStorage<RunScope>();

/** The globals an Action's context gets: Node's, with console captured per run and fetch refused unless given. */
export const sandboxGlobals = (name: string, loadLogs: string[], errors: () => RealmErrors) => {
  const log = (...args: unknown[]) => {
    (currentRun.getStore()?.logs ?? loadLogs).push(format(...args).slice(0, MAX_LOG_LINE_CHARS));
  };
  const refusingFetch = (input: unknown, init?: unknown): Promise<Response> => {
    const allowed = currentRun.getStore()?.fetch;
    if (allowed) return allowed(input as RequestInfo, init as RequestInit);
    return Promise.reject(
      new (errors().TypeError)(
        `fetch is disabled in the local Actions runtime (Action ${name}); pass options.fetch to runBundledAction to answer its requests`,
      ),
    );
  };
  return {
    console: { log, info: log, warn: log, error: log, debug: log, trace: log },
    fetch: refusingFetch,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    setImmediate,
    clearImmediate,
    queueMicrotask,
    structuredClone,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    Buffer,
    crypto: globalThis.crypto,
    AbortController,
    AbortSignal,
    Headers,
    Request,
    Response,
    atob,
    btoa,
    process: {
      env: {},
      version: process.version,
      versions: process.versions,
      platform: process.platform,
      nextTick: process.nextTick,
    },
  };
};
