import { parentPort, workerData } from 'node:worker_threads';
import type { PostLoginEvent } from '../core/post-login-types.ts';
import { type LoadedAction, loadBundledAction, type RunOptions } from '../emulator/actions/index.ts';

// The worker side of the isolation bench: the same loaded Action and emulator, one thread away.
interface Job {
  id: number;
  event: PostLoginEvent;
  options?: RunOptions;
}

const serve = (action: LoadedAction) => {
  parentPort?.on('message', async (job: Job) => {
    parentPort?.postMessage({ id: job.id, outcome: await action.run(job.event, job.options) });
  });
  parentPort?.postMessage({ ready: true });
};

loadBundledAction(workerData.file as string).then(serve);
