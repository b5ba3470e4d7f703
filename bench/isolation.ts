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

// `npm run bench -- isolation`: what running each loaded Action in a worker thread (so a handler that
// blocks the event loop can be terminated) would cost per login, against today's `vm` in the
// caller's thread. Same bundle, same event, same emulator; the worker answers one message per login.

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
  let next = 0;
  const pending = new Map<number, (outcome: LoginOutcome) => void>();
  worker.on('message', (message: { id: number; outcome: LoginOutcome }) =>
    pending.get(message.id)?.(message.outcome),
  );
  const viaWorker = (): Promise<LoginOutcome> =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, (outcome) => {
        pending.delete(id);
        resolve(outcome);
      });
      worker.postMessage({ id, event });
    });
  const sameClaims = JSON.stringify((await viaWorker()).idToken?.payload ?? {}).length;
  const inWorker = await sampleNs(viaWorker, RUNS);
  await worker.terminate();
  await rm(entry, { force: true });

  const ratio = quantile(inWorker, 0.5) / quantile(inThread, 0.5);
  console.log('post-login-claims (large realistic profile), whole emulated login');
  console.log(
    `  vm in this thread      median ${formatNs(quantile(inThread, 0.5))}  p99 ${formatNs(quantile(inThread, 0.99))}`,
  );
  console.log(
    `  vm in a worker thread  median ${formatNs(quantile(inWorker, 0.5))}  p99 ${formatNs(quantile(inWorker, 0.99))}  (${ratio.toFixed(2)}x; ID token ${sameClaims} chars either way)`,
  );
  console.log(
    `  added per login        median ${formatNs(quantile(inWorker, 0.5) - quantile(inThread, 0.5))}`,
  );
  console.log(
    `  worker cold start      median ${formatNs(quantile(coldStart, 0.5))}  (spawn, load the emulator and the bundle; paid again after each terminate)`,
  );
};
