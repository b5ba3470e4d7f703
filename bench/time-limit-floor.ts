import vm from 'node:vm';

// What a time limit on an Action's synchronous code costs at the least. The local tenant calls each
// Action handler under `vm`'s `timeout`, the one stop Node offers for a handler that spins before its
// first `await` (emulator/actions/vm.ts); Node starts and joins a watchdog thread for every such call.
// This is the same call into an empty context with nothing to run, so what it takes is that thread.

const context = vm.createContext({});
const empty = new vm.Script('undefined', { filename: 'time-limit-floor' });

/** One empty call under a 20 s `timeout` (Auth0's limit), in milliseconds. */
export const timeLimitedCallMs = (): number => {
  const started = performance.now();
  empty.runInContext(context, { timeout: 20_000 });
  return performance.now() - started;
};
