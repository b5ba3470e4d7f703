import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import { buildActions } from '../deploy/build-actions.ts';
import { runMain } from './lib/run-main.ts';

runMain(async () => {
  const built = await buildActions();
  for (const action of built) {
    console.log(
      `built ${path.relative(REPO_ROOT, action.file)}  ${action.bytes} bytes  sha256:${action.sha256.slice(0, 12)}`,
    );
  }
  return 0;
});
