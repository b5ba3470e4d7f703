import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// Two suites. `npm test` runs everything that stays in this process or its own emulators, in well
// under a minute. `npm run test:e2e` runs the files that drive real programs (auth0-deploy-cli
// imports, `npm ci`, redis-server and API processes, Chromium, git with a scratch build, the
// dependency-cruiser CLI): each costs seconds to tens of seconds, most of it inside those programs
// (deploy-cli compiles its 8 MB schema per import).
// CI (`.ci/run` and the workflow's test job) runs both.
export const REAL_PROGRAM_TESTS = [
  'test/deploy/deploy-cli-runs.test.ts',
  'test/deploy/resource-types-deploy.test.ts',
  'test/deploy/organizations-deploy.test.ts',
  'test/deploy/build-first.test.ts',
  'test/deploy/deploy-refusals.test.ts',
  'test/emulator/tenant/deploy-cli-import.test.ts',
  'test/local/local-demo.test.ts',
  'test/local/one-local-tenant.test.ts',
  'test/api/multi-instance.test.ts',
  'test/api/production-install.test.ts',
  'test/examples/spa-browser.test.ts',
  'test/local/sdk-compatibility.test.ts',
  'test/local/sdk-https.test.ts',
  'test/compat/compat-ioredis.test.ts',
  'test/compat/compat-local-tenant.test.ts',
  'test/audit/against-ref.test.ts',
  'test/lint/layers.test.ts',
];

// A file that names its own environment (`// @vitest-environment happy-dom`) cannot share a worker
// with the node files: wherever it fell in the queue, vitest stopped the worker that reached it and
// started another, and the node files after it paid for a worker loading the emulator again (six
// workers for two such files). Run last, they cost one worker each and nothing else.
const ownsEnvironment = (spec: TestSpecification): boolean =>
  readFileSync(spec.moduleId, 'utf8').slice(0, 300).includes('@vitest-environment ');
class OwnEnvironmentsLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return [...sorted.filter((spec) => !ownsEnvironment(spec)), ...sorted.filter(ownsEnvironment)];
  }
}

// In each project rather than the root: a root globalSetup that the projects extend ran twice per
// `vitest run --project unit`, building every bundle a second time.
const GLOBAL_SETUP = ['test/global-setup.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Both cores: the files that run the real auth0-deploy-cli are CPU-bound and would otherwise
    // queue everything else behind them.
    maxWorkers: 2,
    sequence: { sequencer: OwnEnvironmentsLast },
    // Each module's transform kept in node_modules/.experimental-vitest-cache, keyed by its content,
    // vitest's version and the config, and dropped when the lockfile changes: a rerun transforms only
    // what changed. In back-to-back runs of the unit project on this 2-core machine it took 5-6 s
    // less CPU (50-54 s against 56-59 s of user and system time, transform 3 s against 7-8 s).
    experimental: { fsModuleCache: true },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          globalSetup: GLOBAL_SETUP,
          include: ['test/**/*.test.ts'],
          exclude: REAL_PROGRAM_TESTS,
          // One module graph per worker, not per file: loading hono, msw, jose, valibot and the
          // emulator again for each of ~100 files was most of the suite's CPU (114 s of user time
          // isolated, 52 s shared, in one run of `time npx vitest run --project unit [--no-isolate]`).
          // The tests hold no module state between files: each makes its own tenant and transport.
          isolate: false,
          // Worker threads, not child processes: the same 677 tests in 35-37 s wall and 44-46 s of
          // user CPU, against 41 s and 53 s with forks, in back-to-back runs on an idle 2-core machine.
          // No unit test changes the process (cwd, exit, signals); those that must run a program
          // spawn it, and the e2e project keeps forks for the real programs.
          pool: 'threads',
        },
      },
      { extends: true, test: { name: 'e2e', globalSetup: GLOBAL_SETUP, include: REAL_PROGRAM_TESTS } },
    ],
  },
});
