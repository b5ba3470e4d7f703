import { benchDeploy } from './bench/deploy.ts';
import { runMain } from './lib/run-main.ts';

// `npm run bench`: performance figures, printed; not part of `npm test`.
runMain(async () => {
  await benchDeploy();
  return 0;
});
