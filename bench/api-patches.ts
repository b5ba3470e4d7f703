import { quantile } from './stats.ts';

// What the API benches send, and how they summarise it.

export const AUDIENCE = 'https://api.bench.test/preferences';
export const LANGUAGES = ['en-GB', 'fr-CA', 'de-DE', 'es-ES', 'ja-JP'];

/** Median and 99th percentile, in the unit given. */
export const p50p99 = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99) };
};
