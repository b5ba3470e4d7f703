import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import { runMain } from '../core/run-main.ts';
import { buildActions } from '../deploy/build-actions.ts';
import { buildSpa } from '../examples/spa/build.ts';

// `npm run build`: the Actions Auth0 runs, then the sample SPA; each fails over its size budget.
runMain(async () => {
  const built = await buildActions();
  for (const action of built) {
    console.log(
      `built ${path.relative(REPO_ROOT, action.file)}  ${action.bytes} bytes  sha256:${action.sha256.slice(0, 12)}`,
    );
  }
  const spa = await buildSpa();
  console.log(
    `built ${path.relative(REPO_ROOT, spa.dir)}/app.js  ${spa.scriptBytes} bytes, ${spa.scriptGzipBytes} gzipped (budget ${spa.budget} gzipped)`,
  );
  return 0;
});
