import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'msw';
import type { PostLoginEvent } from '../../core/post-login-types.ts';

/** Error constructors of an Action's realm, for errors the runtime throws into it. */
export interface RealmErrors {
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
}

/** What one Action's run in one login hands the realm: where its logs go, and who answers its requests. */
export interface RunScope {
  logs: string[];
  fetch?: typeof fetch;
  /** msw handlers that answer the Action's `fetch`, `http` and `https` requests. */
  handlers?: readonly RequestHandler[];
  /** Requests the Action sent that no handler answered (`GET https://...`): they fail the login. */
  unanswered?: string[];
  /** Characters of console output kept so far for this Action in this login, and how many were dropped. */
  logged?: { kept: number; dropped: number };
  /** Sees the event object the Action is handed, for what Auth0 updates in place while it runs. */
  onEvent?: (event: PostLoginEvent) => void;
  /**
   * Builds the event the Action is handed inside its realm (user-logins.ts compiles most of it
   * once); without it the event is copied into the realm as JSON.
   */
  handOver?: () => PostLoginEvent;
}

// Logins may overlap on one loaded Action (module code runs once), so each run finds its own log
// sink, fetch and handlers through the async context rather than through shared mutable state; the
// same context tells an Action's outbound request from the toolkit's own traffic in the process.
export const currentRun = new AsyncLocalStorage<RunScope>();
