import { benchClaims } from './bench/claims.ts';
import { runMain } from './lib/run-main.ts';

// Benchmarks print figures; they are not tests. Compare ratios from one run: the machines are noisy.
runMain(async () => {
  await benchClaims();
  return 0;
});
