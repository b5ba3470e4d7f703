import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BUDGETS } from '../bench/budgets.ts';
import { type Figure, formatFigure, withinBudget } from '../bench/figures.ts';
import { UsageError } from '../core/errors.ts';
import { runMain } from '../core/run-main.ts';

// `npm run bench [-- name...] [--check]`: performance figures, each beside its floor measured in the
// same run; not part of `npm test`. `--check` exits 1 when a figure is past its budget
// (bench/budgets.ts); without names it runs the benches that have budgets, and each bench skips the
// figures that have none (BENCH_BUDGETED_ONLY), so CI can afford it.

const BENCHES: Record<string, () => Promise<Figure[]>> = {
  claims: async () => (await import('../bench/claims.ts')).benchClaims(),
  login: async () => (await import('../bench/login.ts')).benchLogin(),
  'login-profile': async () => (await import('../bench/login-profile.ts')).benchLoginProfile(),
  api: async () => {
    await (await import('../bench/api.ts')).benchApi();
    return [];
  },
  'fake-tenant': async () => (await import('../bench/fake-tenant.ts')).benchFakeTenant(),
  isolation: async () => {
    await (await import('../bench/isolation.ts')).benchIsolation();
    return [];
  },
  audit: async () => (await import('../bench/audit.ts')).benchAudit(),
  deploy: async () => (await import('../bench/deploy.ts')).benchDeploy(),
};
const BUDGETED = ['claims', 'login', 'audit', 'deploy'];

const CHILD_FLAG = '--bench-child';

/**
 * Each bench runs in a process of its own: one bench's heap, warm caches and leftover work never
 * reach the next one's figures, and the audit's peak RSS is the audit's. Figures come back over IPC.
 */
const runInChild = (name: string, budgetedOnly: boolean): Promise<Figure[]> =>
  new Promise((resolve, reject) => {
    let figures: Figure[] = [];
    const child = fork(fileURLToPath(import.meta.url), [CHILD_FLAG, name], {
      // A bench may collect garbage between runs, so one run's garbage is not timed in the next.
      execArgv: [...process.execArgv, '--expose-gc'],
      // libuv's pool (where RS256 signing and gunzip run) has 4 threads unless told: one per core here.
      env: {
        UV_THREADPOOL_SIZE: String(Math.max(4, availableParallelism())),
        ...process.env,
        ...(budgetedOnly ? { BENCH_BUDGETED_ONLY: '1' } : {}),
      },
    });
    child.on('message', (message) => {
      figures = message as Figure[];
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(figures) : reject(new Error(`the ${name} bench failed (exit ${code})`)),
    );
  });

const runChild = async (name: string): Promise<number> => {
  const bench = BENCHES[name];
  if (!bench) throw new UsageError(`unknown bench ${name}`);
  const figures = await bench();
  await new Promise<void>((resolve) => process.send?.(figures, () => resolve()));
  return 0;
};

runMain(async () => {
  const args = process.argv.slice(2);
  if (args[0] === CHILD_FLAG) return runChild(args[1] ?? '');
  let parsed: { values: { check?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { check: { type: 'boolean' } }, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; usage: npm run bench [-- name...] [--check]`);
  }
  const check = parsed.values.check === true;
  const names = parsed.positionals.length > 0 ? parsed.positionals : check ? BUDGETED : Object.keys(BENCHES);
  const unknown = names.filter((name) => !BENCHES[name]);
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown bench ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`,
    );
  }
  const figures: Figure[] = [];
  for (const name of names) {
    console.log(`\n== ${name}`);
    figures.push(...(await runInChild(name, check)));
  }
  const budgeted = figures.filter((figure) => figure.budget !== undefined);
  if (budgeted.length === 0) return 0;
  console.log(`\n== budgets (bench/budgets.ts: ${Object.keys(BUDGETS).length} in all)`);
  for (const figure of budgeted) console.log(formatFigure(figure));
  const over = budgeted.filter((figure) => !withinBudget(figure));
  console.log(over.length === 0 ? 'every figure within its budget' : `${over.length} figure(s) over budget`);
  return check && over.length > 0 ? 1 : 0;
});
