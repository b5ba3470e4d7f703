import type { ExportJobStatus } from './export-job.ts';
import type { PoolProgress } from './worker-pool.ts';

const REDRAW_MS = 250;

/**
 * Progress on stderr, on a terminal only (a log or a pipe gets no carriage-return noise): users
 * audited and the rate; with the export's size known, how far through it the reader is.
 */
export const createProgress = (
  stream: NodeJS.WriteStream,
  bytesRead?: () => { read: number; total: number },
) => {
  const started = performance.now();
  let drawn = 0;
  const draw = (text: string) => {
    if (!stream.isTTY) return;
    stream.write(`\r${text.padEnd(78).slice(0, stream.columns ? stream.columns - 1 : 78)}`);
  };
  return {
    audit: ({ users }: PoolProgress) => {
      const now = performance.now();
      if (now - drawn < REDRAW_MS) return;
      drawn = now;
      const rate = Math.round(users / ((now - started) / 1000));
      const file = bytesRead?.();
      const share =
        file && file.total > 0 ? ` ${Math.floor((100 * file.read) / file.total)}% of the export,` : '';
      draw(`audit:${share} ${users} users, ${rate} users/s`);
    },
    job: (job: ExportJobStatus) => {
      const done = job.percentage_done === undefined ? '' : ` ${job.percentage_done}%`;
      const left = job.time_left_seconds === undefined ? '' : `, ~${job.time_left_seconds} s left`;
      if (stream.isTTY) draw(`export job ${job.id}: ${job.status}${done}${left}`);
      else stream.write(`export job ${job.id}: ${job.status}${done}${left}\n`);
    },
    done: () => {
      if (stream.isTTY) stream.write('\r\x1b[K');
    },
  };
};
