/**
 * Exact byte-size counts up to `EXACT_LIMIT`, so p50/p99 stay exact over millions of users in
 * constant memory (512 KB a histogram); larger sizes are only counted, with the maximum kept.
 * Auth0 fails a login over 100 KB of custom claims, so every size that matters is below the limit.
 */
export const EXACT_LIMIT = 131_072;

export interface Histogram {
  /** `counts[n]`: how many tokens carried exactly n bytes of custom claims. */
  readonly counts: Uint32Array;
  /** Tokens over EXACT_LIMIT bytes. */
  above: number;
  total: number;
  max: number;
}

export const createHistogram = (): Histogram => ({
  counts: new Uint32Array(EXACT_LIMIT + 1),
  above: 0,
  total: 0,
  max: 0,
});

export const recordSize = (histogram: Histogram, bytes: number): void => {
  histogram.total++;
  if (bytes > histogram.max) histogram.max = bytes;
  if (bytes > EXACT_LIMIT) histogram.above++;
  else histogram.counts[bytes] = (histogram.counts[bytes] ?? 0) + 1;
};

export const mergeHistogram = (into: Histogram, from: Histogram): void => {
  for (let i = 0; i < from.counts.length; i++) {
    const count = from.counts[i] ?? 0;
    if (count > 0) into.counts[i] = (into.counts[i] ?? 0) + count;
  }
  into.above += from.above;
  into.total += from.total;
  into.max = Math.max(into.max, from.max);
};

/** The size at quantile q (0..1); above EXACT_LIMIT it can only say "more than" (Infinity). */
export const quantile = (histogram: Histogram, q: number): number => {
  if (histogram.total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * histogram.total));
  let seen = 0;
  for (let bytes = 0; bytes < histogram.counts.length; bytes++) {
    seen += histogram.counts[bytes] ?? 0;
    if (seen >= rank) return bytes;
  }
  return Number.POSITIVE_INFINITY;
};

export interface SizeSummary {
  readonly tokens: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number;
}

/** JSON has no Infinity: a quantile beyond the exact range reads `null` (over 128 KiB). */
export const summarize = (histogram: Histogram): SizeSummary => {
  const finite = (value: number) => (Number.isFinite(value) ? value : null);
  return {
    tokens: histogram.total,
    p50: finite(quantile(histogram, 0.5)),
    p99: finite(quantile(histogram, 0.99)),
    max: histogram.max,
  };
};
