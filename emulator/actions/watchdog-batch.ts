import vm from 'node:vm';
import { currentRun, type RunScope } from './run-scope.ts';

// One watchdog for the handler calls that become ready close together. `vm`'s `timeout` starts and
// joins a thread per `runInContext` (vm.ts says what that costs), so the synchronous starts of the
// calls queued over two turns of the event loop run one after another inside one `runInContext`: k
// logins pay for one thread. V8 stops the whole isolate when the timer fires, whatever realm is
// running, so calls of different Actions share a batch; each handler still runs in its own realm (a
// function keeps the realm it was made in). Microtasks never run inside `runInContext`, so what a
// handler does after its first `await` runs after the batch, as it did when each call had a watchdog
// of its own.

/**
 * Turns of the event loop (`setImmediate` hops) a batch gathers calls over before it runs. Under the
 * login bench's 8 clients, two turns gathered 4.3 to 5.0 calls a batch where one gathered 2.9, and
 * the thread's cost per login fell with it (vm.ts); a third gathered no more (one run each). Each
 * turn costs a call that comes alone about 3 µs.
 */
const GATHER_TURNS = 2;

/**
 * Node's own `setImmediate`, taken when this module loads: a test that fakes timers (vitest's
 * `vi.useFakeTimers()` fakes `setImmediate` too) would otherwise hold every Action call forever.
 */
const nextTurn = setImmediate;

/** How a call's synchronous start ended: what the handler returned, or what it threw. */
export type Started = { readonly returned: unknown } | { readonly threw: unknown };

/**
 * The watchdog of a batch fires at the latest deadline among its calls, so a call is never stopped
 * before its own deadline, and a call that spins is stopped at most this much after it (plus up to
 * 2 ms of rounding to whole ms and the thread's wake-up, as with a watchdog per call): a call whose
 * deadline lies further from those already queued opens a batch of its own. Logins ready in two
 * turns began within a few ms of each other, so this rarely splits one.
 */
export const BATCH_DEADLINE_SPREAD_MS = 5;

interface QueuedCall {
  readonly start: () => unknown;
  readonly scope: RunScope;
  /** `performance.now()` past which the call may be stopped. */
  readonly deadline: number;
  readonly settle: (started: Started) => void;
}

interface Batch {
  readonly calls: QueuedCall[];
  earliest: number;
  latest: number;
}

let queued: Batch[] = [];
let scheduled = false;
let turnsLeft = 0;
/** The calls the running batch starts, from `next` on; read by the script inside `runInContext`. */
let running: { calls: readonly QueuedCall[]; next: number; results: Started[] } | undefined;
let watched: { context: vm.Context; script: vm.Script } | undefined;

/**
 * Starts `start` (a handler call) under a watchdog shared with the other calls queued in this turn
 * and the next, in `scope` (`currentRun`), and resolves with how its synchronous part ended. A call
 * still running at the watchdog's deadline throws `ERR_SCRIPT_EXECUTION_TIMEOUT`; the calls queued
 * after it start under a watchdog of their own. Of the async context, only `currentRun` is the
 * call's own (the runtime keeps no other): any other AsyncLocalStorage sees the first queued call's.
 */
export const startWatched = (start: () => unknown, scope: RunScope, deadline: number): Promise<Started> =>
  new Promise((settle) => {
    const call: QueuedCall = { start, scope, deadline, settle };
    const last = queued.at(-1);
    if (
      last &&
      Math.max(last.latest, deadline) - Math.min(last.earliest, deadline) <= BATCH_DEADLINE_SPREAD_MS
    ) {
      last.calls.push(call);
      last.earliest = Math.min(last.earliest, deadline);
      last.latest = Math.max(last.latest, deadline);
    } else queued.push({ calls: [call], earliest: deadline, latest: deadline });
    if (!scheduled) {
      scheduled = true;
      turnsLeft = GATHER_TURNS;
      nextTurn(runQueued);
    }
  });

const runQueued = (): void => {
  turnsLeft -= 1;
  if (turnsLeft > 0) {
    nextTurn(runQueued);
    return;
  }
  scheduled = false;
  const batches = queued;
  queued = [];
  for (const batch of batches) runBatch(batch.calls);
};

/**
 * Runs inside `runInContext`. No `finally` here or below is relied on: the watchdog unwinds past
 * them. The scope is entered, not run, for that reason: `runBatch` puts the store back.
 */
const startEach = (): void => {
  const batch = running;
  if (!batch) return;
  const { calls, results } = batch;
  for (; batch.next < calls.length; batch.next += 1) {
    const call = calls[batch.next] as QueuedCall;
    currentRun.enterWith(call.scope);
    try {
      results.push({ returned: call.start() });
    } catch (error) {
      results.push({ threw: error });
    }
  }
};

const runBatch = (calls: readonly QueuedCall[]): void => {
  watched ??= createWatched();
  const outer = currentRun.getStore();
  let from = 0;
  while (from < calls.length) {
    let latest = Number.NEGATIVE_INFINITY;
    for (let index = from; index < calls.length; index += 1)
      latest = Math.max(latest, (calls[index] as QueuedCall).deadline);
    const batch = { calls, next: from, results: [] as Started[] };
    running = batch;
    let stopped: Started | undefined;
    try {
      watched.script.runInContext(watched.context, {
        // libuv's clock counts whole ms, so the timer may fire up to 1 ms short of its timeout.
        timeout: Math.max(1, Math.ceil(latest - performance.now()) + 1),
      });
    } catch (error) {
      // The watchdog fired (or something past the calls' own try threw): it belongs to the call
      // that was running, the first without a result; the calls after it have not started.
      stopped = { threw: error };
    } finally {
      running = undefined;
      currentRun.enterWith(outer as RunScope);
    }
    for (const result of batch.results) (calls[from++] as QueuedCall).settle(result);
    if (stopped && from < calls.length) (calls[from++] as QueuedCall).settle(stopped);
  }
};

const createWatched = () => {
  const context = vm.createContext({ startEach }, { name: 'local-actions:watchdog' });
  return { context, script: new vm.Script('startEach()', { filename: 'local-actions:watchdog' }) };
};
