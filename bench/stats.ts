/** Times `fn` `runs` times after `warmup` untimed runs; returns per-run nanoseconds, sorted. */
export const sampleNs = async (
  fn: () => unknown,
  runs: number,
  warmup = Math.ceil(runs / 5),
): Promise<number[]> => {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start));
  }
  return samples.sort((a, b) => a - b);
};

const timeBatchNs = (fn: () => unknown, perBatch: number): number => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < perBatch; i++) fn();
  return Number(process.hrtime.bigint() - start) / perBatch;
};

/**
 * Times several synchronous functions in batches of the same size, one batch of each in turn, so
 * that a noisy machine slows them alike and their ratios hold. Per-run nanoseconds, sorted, per fn.
 */
export const sampleInterleavedNs = (
  fns: ReadonlyArray<() => unknown>,
  batches: number,
  perBatch: number,
): number[][] => {
  for (let i = 0; i < 10; i++) for (const fn of fns) timeBatchNs(fn, perBatch);
  const samples = fns.map((): number[] => []);
  for (let b = 0; b < batches; b++) {
    for (const [index, fn] of fns.entries()) samples[index]?.push(timeBatchNs(fn, perBatch));
  }
  return samples.map((runs) => runs.sort((a, b) => a - b));
};

export const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

export const formatNs = (ns: number): string =>
  ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`;
