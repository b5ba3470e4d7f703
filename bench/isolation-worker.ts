import { parentPort, workerData } from 'node:worker_threads';
import type { PostLoginEvent } from '../core/post-login-types.ts';
import { type LoadedAction, loadBundledAction, type RunOptions } from '../emulator/actions/index.ts';

// The other side of the isolation bench: the same loaded Action and emulator, one thread away (a
// worker thread) or one process away (a child process, possibly on another Node: `--node22`).
interface Job {
  id: number;
  event: PostLoginEvent;
  options?: RunOptions;
}

const channel = parentPort
  ? {
      on: (listen: (job: Job) => void) => parentPort?.on('message', listen),
      send: (m: unknown) => parentPort?.postMessage(m),
    }
  : {
      on: (listen: (job: Job) => void) => process.on('message', listen),
      send: (m: unknown) => process.send?.(m),
    };

const serve = (action: LoadedAction) => {
  channel.on(async (job) => {
    channel.send({ id: job.id, outcome: await action.run(job.event, job.options) });
  });
  channel.send({ ready: true });
};

loadBundledAction((workerData?.file ?? process.argv[2]) as string).then(serve);
