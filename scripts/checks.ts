import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import { runMain } from '../core/run-main.ts';
import { type CommandResult, runInTurn, runTogether } from '../core/run-together.ts';

// `npm test`: `checks.ts typecheck lint -- build test:unit`. The package.json scripts before `--` are
// checks that read the sources and write nothing the others read; they start at once, at a lower
// priority, and each one's output is printed whole at the end. The scripts after `--` run one after
// another at the usual priority, their output shown as it comes, stopping at the first failure.
// The tests wait on sockets, timers and the programs they start for a good part of their run: the
// checks take those idle moments of both cores instead of a phase of their own before the tests
// (8.5 s of `npm test`'s 42-53 s on an idle machine when they ran first). The build stays in turn
// before the tests, which read what it writes. Any failure fails the lot.
const BACKGROUND_NICENESS = 10;
// Go's collector off until 1.5 GiB for the checks, which run tsc (TypeScript 7, in Go): the type
// check of the repository peaks at 0.8 GB that way instead of 0.7 GB and takes 1.0-1.2 s less CPU
// cold, 0.5 s warm (three alternated runs each). Not for the tests: esbuild is in Go too, and its
// long-lived service would keep everything it allocated up to the limit.
const BACKGROUND_ENV = { GOGC: 'off', GOMEMLIMIT: '1536MiB' };

const report = ({ name, code, output, seconds }: CommandResult): void => {
  console.log(`> ${name}: ${code === 0 ? 'ok' : `exit ${code}`} in ${seconds.toFixed(1)} s`);
  if (output.trim()) console.log(output.trimEnd());
};

runMain(async () => {
  const scripts = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<
    string,
    string
  >;
  const args = process.argv.slice(2);
  const split = args.indexOf('--');
  const [together, inTurn] = split === -1 ? [args, []] : [args.slice(0, split), args.slice(split + 1)];
  const unknown = args.filter((name) => name !== '--' && scripts[name] === undefined);
  if (unknown.length) {
    console.error(`package.json has no script ${unknown.join(', ')}; name scripts it has`);
    return 1;
  }
  const commandOf = (name: string) => ({ name, command: scripts[name] as string });
  const checks = runTogether(
    together.map(commandOf),
    inTurn.length ? { nice: BACKGROUND_NICENESS, env: BACKGROUND_ENV } : { env: BACKGROUND_ENV },
  );
  const sequence = await runInTurn(inTurn.map(commandOf), { live: true });
  const results = [...(await checks), ...sequence];
  for (const result of await checks) report(result);
  for (const { name, code, seconds } of sequence) {
    console.log(`> ${name}: ${code === 0 ? 'ok' : `exit ${code}`} in ${seconds.toFixed(1)} s`);
  }
  const failed = results.filter((result) => result.code !== 0).map((result) => result.name);
  const skipped = inTurn.slice(sequence.length);
  if (failed.length)
    console.error(`failed: ${failed.join(', ')}${skipped.length ? `; not run: ${skipped.join(', ')}` : ''}`);
  return failed.length ? 1 : 0;
});
