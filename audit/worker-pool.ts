import { randomUUID } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { REPO_ROOT } from '../core/paths.ts';
import type { ContractModule } from './contract-module.ts';
import { AuditError } from './errors.ts';
import type { LineBatch } from './export-lines.ts';
import { createTally, mergeTally, type Tally } from './tally.ts';
import type { WorkerData, WorkerReply } from './worker-protocol.ts';

/** Batches queued per worker: one running, one waiting, so a worker never idles on the reader. */
const IN_FLIGHT_PER_WORKER = 2;
/**
 * A batch that has not finished in this long holds code that never returns (a synchronous loop in
 * the Action or the Rule, which the flow's 20 s timer cannot stop): the audit stops and says where.
 */
export const BATCH_TIMEOUT_MS = 120_000;
/** Each worker's V8 heap: a batch's users and one tally fit in a fraction of it. */
const WORKER_HEAP_MB = 64;
/**
 * Young generation: a worker keeps little between batches. Measured on 30,000 users: 16 MB peaks at
 * 240 MB RSS for the whole process, 64 MB at 354 MB, for 7% more CPU.
 */
const WORKER_YOUNG_MB = 16;

export interface PoolProgress {
  readonly users: number;
  readonly lines: number;
}

export interface PoolOptions {
  readonly workers: number;
  /** BATCH_TIMEOUT_MS by default. */
  readonly batchTimeoutMs?: number;
  readonly onProgress?: (progress: PoolProgress) => void;
}

/**
 * Where the worker's entry is written: under node_modules, so that Node resolves the npm packages it
 * imports from there, as it does for the main thread.
 */
const WORKER_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'identity-as-code');

/** The --cpu-prof options that take a value, which may come as the next argument. */
const CPU_PROF_VALUE_FLAGS = new Set(['--cpu-prof-dir', '--cpu-prof-name', '--cpu-prof-interval']);

/**
 * Node's options for a worker, from the process's own: not tsx's loader, which `npm run audit` runs
 * under and a worker would inherit (its entry is plain JavaScript, and the loader started a thread of
 * hooks in each worker and sent each of its imports through them: 0.4 s of each audit's start); the
 * `--cpu-prof` options with their values, so that profiling the audit profiles its workers too.
 */
export const workerExecArgv = (execArgv: readonly string[]): string[] =>
  execArgv.flatMap((flag, index) => {
    if (!flag.startsWith('--cpu-prof')) return [];
    const value = execArgv[index + 1];
    return CPU_PROF_VALUE_FLAGS.has(flag) && value !== undefined ? [flag, value] : [flag];
  });

/**
 * The worker entry is bundled with the contract it counts against. Only our TypeScript is: npm
 * packages are left to Node (the emulator's msw brings graphql, tldts and tough-cookie, 1.2 MB that
 * esbuild spent 0.4-0.8 s bundling at each audit's start, before a worker could start).
 */
const bundleWorker = async (contract: ContractModule): Promise<string> => {
  const worker = path.join(import.meta.dirname, 'audit-worker.ts');
  const built = await build({
    stdin: {
      contents:
        `import { ${contract.exportName} as contract } from ${JSON.stringify(contract.file)};\n` +
        `import { runAuditWorker } from ${JSON.stringify(worker)};\n` +
        'await runAuditWorker(contract);\n',
      resolveDir: import.meta.dirname,
      loader: 'ts',
    },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  await mkdir(WORKER_DIR, { recursive: true });
  const file = path.join(WORKER_DIR, `audit-worker-${randomUUID()}.mjs`);
  await writeFile(file, built.outputFiles[0]?.text ?? '');
  return file;
};

/**
 * Whether a batch's bytes are all of their memory, which can then be handed to the worker instead of
 * copied (twice: into the message, then out of it). A small batch may sit in Buffer's shared pool,
 * which must stay here.
 */
const ownsItsMemory = (bytes: Uint8Array): boolean =>
  bytes.byteOffset === 0 &&
  bytes.byteLength === bytes.buffer.byteLength &&
  !(bytes.buffer instanceof SharedArrayBuffer);

interface PoolWorker {
  readonly worker: Worker;
  /** Line ranges in flight, by batch id, with when each was sent. */
  readonly inFlight: Map<number, { first: number; last: number; sent: number }>;
}

/**
 * Audits every batch across `workers` threads and returns the merged tally. Batches go to the least
 * busy worker, at most IN_FLIGHT_PER_WORKER each, so the reader waits for the workers and memory
 * stays flat whatever the export's size.
 */
export const auditInWorkers = async (
  batches: AsyncIterable<LineBatch>,
  data: WorkerData,
  options: PoolOptions,
): Promise<Tally> => {
  const entry = await bundleWorker(data.contract);
  const pool: PoolWorker[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const progress = { users: 0, lines: 0 };
  const tallies: Tally[] = [];
  const signal = () => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const fail = (error: Error) => {
    failure ??= error;
    signal();
  };

  const start = (): Promise<PoolWorker> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(entry, {
        workerData: data,
        execArgv: workerExecArgv(process.execArgv),
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
      });
      const member: PoolWorker = { worker, inFlight: new Map() };
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') resolve(member);
        else if (reply.type === 'done') {
          const batch = member.inFlight.get(reply.id);
          member.inFlight.delete(reply.id);
          progress.users += reply.users;
          progress.lines += batch ? batch.last - batch.first + 1 : 0;
          options.onProgress?.(progress);
          signal();
        } else if (reply.type === 'tally') {
          tallies.push(reply.tally);
          signal();
        } else fail(new AuditError('E_AUDIT_FAILED', `an audit worker failed: ${reply.message}`));
      });
      worker.on('error', (error) => {
        reject(error);
        fail(new AuditError('E_AUDIT_FAILED', `an audit worker failed: ${error.stack ?? error.message}`));
      });
    });

  const waitForChange = () => new Promise<void>((resolve) => (wake = resolve));
  const timeoutMs = options.batchTimeoutMs ?? BATCH_TIMEOUT_MS;
  const watchdog = setInterval(
    () => {
      const now = Date.now();
      for (const { inFlight } of pool) {
        for (const batch of inFlight.values()) {
          if (now - batch.sent > timeoutMs) {
            fail(
              new AuditError(
                'E_AUDIT_STALLED',
                `lines ${batch.first}-${batch.last} of the export did not finish within ${timeoutMs / 1000} s: the Action or the legacy Rule never returns for one of them; audit them alone with a smaller export`,
              ),
            );
          }
        }
      }
    },
    Math.min(1_000, timeoutMs),
  );

  try {
    pool.push(...(await Promise.all(Array.from({ length: options.workers }, start))));
    let id = 0;
    for await (const batch of batches) {
      for (;;) {
        if (failure) throw failure;
        const idlest = pool.reduce((best, member) =>
          member.inFlight.size < best.inFlight.size ? member : best,
        );
        if (idlest.inFlight.size < IN_FLIGHT_PER_WORKER) {
          id++;
          idlest.inFlight.set(id, {
            first: batch.firstLine,
            last: batch.firstLine + batch.lines - 1,
            sent: Date.now(),
          });
          const { bytes } = batch;
          idlest.worker.postMessage(
            { type: 'batch', id, firstLine: batch.firstLine, bytes },
            ownsItsMemory(bytes) ? [bytes.buffer as ArrayBuffer] : [],
          );
          break;
        }
        await waitForChange();
      }
    }
    while (pool.some((member) => member.inFlight.size > 0)) {
      if (failure) throw failure;
      await waitForChange();
    }
    for (const { worker } of pool) worker.postMessage({ type: 'finish' });
    while (tallies.length < pool.length) {
      if (failure) throw failure;
      await waitForChange();
    }
    return tallies.reduce(
      (total, tally) => mergeTally(total, tally),
      createTally(data.against !== undefined),
    );
  } finally {
    clearInterval(watchdog);
    await Promise.all(pool.map(({ worker }) => worker.terminate()));
    await rm(entry, { force: true });
  }
};
