import type { PostLoginApi, PostLoginEvent } from '../../core/post-login-types.ts';
import { messageOf } from './json.ts';
import type { JsonCopier } from './json-copy.ts';
import { unansweredFailure } from './outbound.ts';
import { locateFailure, type SourceLocation } from './source-location.ts';
import { droppedLogNote, type RunScope } from './vm-globals.ts';
import { startWatched } from './watchdog-batch.ts';

// One handler's run in one login, for vm.ts: the call (under the shared watchdog or not), the flow's
// time limit for a handler that awaits, and the failure mapped as Auth0 reports it. Plain functions
// under the one promise `invoke` returns, not an async function: each `await` made promises of its
// own, which the process's async hooks (run-scope.ts) see too.

/** Why an Action failed: the message Auth0 reports, the Action, and the source line when known. */
export interface ActionFailure {
  message: string;
  action?: string;
  source?: SourceLocation;
}

export interface InvokeTime {
  /** What is left of the flow's time limit. */
  remainingMs: number;
  /** The flow's whole time limit, for the error message. */
  limitMs: number;
}

/** How one handler's run went. */
export type InvokeResult = { error?: ActionFailure };

/** What a run that overran the flow's time limit is failed with, told apart by identity. */
const OVERRUN = {};

/** Settled before any run starts: a reaction on it runs after those already queued. */
const SETTLED = Promise.resolve();

const timeoutMessage = (name: string, limitMs: number) =>
  `${name} did not finish within the flow's time limit of ${limitMs} ms (Auth0 allows 20 s): the login fails`;

export interface HandlerRunOptions {
  readonly name: string;
  readonly bundleFile: string;
  readonly map: Parameters<typeof locateFailure>[2];
  readonly intoRealm: JsonCopier;
  readonly watchdog: boolean;
}

/** Runs a handler in `scope` (entered by the caller) and resolves with how it went; never rejects. */
export const createHandlerRun = ({ name, bundleFile, map, intoRealm, watchdog }: HandlerRunOptions) => {
  /** The run's answer: its failure mapped as Auth0 reports it, then the note on dropped logs. */
  const ended = (scope: RunScope, time: InvokeTime, failed: boolean, error: unknown): InvokeResult => {
    const result = failed ? failure(error, scope, time) : (unansweredFailure(name, scope) ?? {});
    if (scope.logged?.dropped) scope.logs.push(droppedLogNote(name, scope.logged.dropped));
    return result;
  };

  const failure = (error: unknown, scope: RunScope, time: InvokeTime): InvokeResult => {
    const stoppedByWatchdog = (error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
    if (stoppedByWatchdog || error === OVERRUN)
      return { error: { message: timeoutMessage(name, time.limitMs), action: name } };
    const unanswered = unansweredFailure(name, scope);
    if (unanswered) return unanswered;
    const source = locateFailure(error, bundleFile, map);
    return {
      error: source
        ? { message: messageOf(error), action: name, source }
        : { message: messageOf(error), action: name },
    };
  };

  /**
   * Settles the run once what the handler returned has: at once for a value or a promise already
   * settled, else within what is left of the flow's time limit, whose timer is armed only then.
   */
  const follow = (
    pending: unknown,
    scope: RunScope,
    time: InvokeTime,
    started: number,
    resolve: (result: InvokeResult) => void,
  ): void => {
    if (typeof (pending as PromiseLike<unknown> | null | undefined)?.then !== 'function') {
      resolve(ended(scope, time, false, undefined));
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (failed: boolean, error: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(ended(scope, time, failed, error));
    };
    try {
      (pending as PromiseLike<unknown>).then(
        () => settle(false, undefined),
        (error: unknown) => settle(true, error),
      );
    } catch (error) {
      settle(true, error);
      return;
    }
    // Queued behind the reaction above: a promise already settled has settled the run by now.
    SETTLED.then(() => {
      if (settled) return;
      const left = Math.max(0, time.remainingMs - (performance.now() - started));
      timer = setTimeout(() => settle(true, OVERRUN), left);
    });
  };

  const startRun = (
    handler: (event: unknown, api: unknown) => unknown,
    event: PostLoginEvent,
    api: PostLoginApi,
    scope: RunScope,
    time: InvokeTime,
  ): Promise<InvokeResult> =>
    new Promise((resolve) => {
      scope.unanswered = [];
      const started = performance.now();
      try {
        // The event is rebuilt inside the Action's realm, as Auth0 hands it over: fresh per run, so
        // nothing an Action changes in it outlives the run.
        const realmEvent = (scope.handOver ? scope.handOver() : intoRealm(event)) as PostLoginEvent;
        scope.onEvent?.(realmEvent);
        // Unwatched, the call needs no script around it, which cost 5-10% of an audited login's CPU.
        if (!watchdog) {
          follow(handler(realmEvent, api), scope, time, started, resolve);
          return;
        }
        startWatched(() => handler(realmEvent, api), scope, started + time.remainingMs).then((start) => {
          if ('threw' in start) resolve(ended(scope, time, true, start.threw));
          else follow(start.returned, scope, time, started, resolve);
        });
      } catch (error) {
        resolve(ended(scope, time, true, error));
      }
    });

  return startRun;
};
