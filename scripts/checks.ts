import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import { runMain } from '../core/run-main.ts';
import { runTogether } from '../core/run-together.ts';

// `npm test`'s checks before its tests: the package.json scripts named on the command line, run
// together (typecheck, lint and build read the sources and write nothing the others read). One after
// another they left a core idle for much of their time: dependency-cruiser and the build each run on
// one thread. Each one's output is printed whole once all have finished; any failure fails the lot.
runMain(async () => {
  const scripts = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;
  const names = process.argv.slice(2);
  const unknown = names.filter((name) => scripts[name] === undefined);
  if (unknown.length) {
    console.error(`package.json has no script ${unknown.join(', ')}; name scripts it has`);
    return 1;
  }
  const results = await runTogether(names.map((name) => ({ name, command: scripts[name] as string })));
  for (const { name, code, output, seconds } of results) {
    console.log(`> ${name}: ${code === 0 ? 'ok' : `exit ${code}`} in ${seconds.toFixed(1)} s`);
    if (output.trim()) console.log(output.trimEnd());
  }
  const failed = results.filter((result) => result.code !== 0).map((result) => result.name);
  if (failed.length) console.error(`failed: ${failed.join(', ')}`);
  return failed.length ? 1 : 0;
});
