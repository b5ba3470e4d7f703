import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TENANT_DIR } from '../core/paths.ts';
import { deployTenant, planTenant } from '../deploy/deploy-tenant.ts';
import { declaredTypes } from '../deploy/desired-state.ts';
import { preflight } from '../deploy/preflight.ts';
import { runDeployCliImport } from '../deploy/run-import.ts';
import { createFakeTenant } from '../emulator/tenant/fake-tenant.ts';
import { benchEveryType } from './deploy-every-type.ts';
import { type Figure, formatFigure } from './figures.ts';
import { inProcessTenant } from './in-process-tenant.ts';

/** What any company's tenant holds besides this repository's resources (issue 9). */
const OTHER_CLIENTS = 1000;
const OTHER_APIS = 200;

export interface RunFigures {
  readonly ms: number;
  readonly requests: number;
  readonly writes: number;
}

/** A copy of tenant/ whose `local` SPA has one more callback (a one-field change). */
const withOneMoreCallback = async (callback: string): Promise<string> => {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'bench-tenant-')), 'tenant');
  await cp(TENANT_DIR, dir, { recursive: true });
  const file = path.join(dir, 'environments', 'local.json');
  const mapping = JSON.parse(await readFile(file, 'utf8')) as { values: { SPA_CALLBACKS: string[] } };
  mapping.values.SPA_CALLBACKS.push(callback);
  await writeFile(file, JSON.stringify(mapping));
  return dir;
};

/**
 * On an in-process fake tenant holding tenant.yaml (env `local`) plus 1,000 other applications and
 * 200 other APIs: a no-op plan against deploy-cli's own dry run, a no-op deploy and a one-callback
 * deploy against raw deploy-cli imports (as published, no schema shim) of the same files. Requests
 * the tenant answered (token included), writes among them, and wall time.
 */
export const benchDeploy = async (log: (line: string) => void = console.log): Promise<Figure[]> => {
  const tenant = createFakeTenant();
  const server = inProcessTenant(tenant);
  const { connection } = server;
  try {
    const options = { env: 'local', connection, build: false, quietImport: true } as const;
    await deployTenant(options);
    for (let index = 0; index < OTHER_CLIENTS; index += 1) {
      tenant.state.clients.push({
        client_id: `other-app-${index}`,
        client_secret: 'x',
        name: `Other app ${index}`,
        global: false,
      });
    }
    for (let index = 0; index < OTHER_APIS; index += 1) {
      tenant.state.resourceServers.push({
        id: `other-api-${index}`,
        identifier: `https://other.example/${index}`,
        name: `Other API ${index}`,
      });
    }
    const measure = async (run: () => Promise<unknown>): Promise<RunFigures> => {
      // deploy-cli leaves a heap of garbage (it compiles its 8 MB schema): collected here, not in the
      // next run's time. Without it a no-op deploy measured after a raw run took 1.7 s, not 0.1 s.
      (globalThis as { gc?: () => void }).gc?.();
      const start = tenant.requests.length;
      const started = performance.now();
      await run();
      const ms = performance.now() - started;
      const answered = tenant.requests.slice(start);
      const writes = answered.filter((entry) => entry.method !== 'GET' && entry.path !== '/oauth/token');
      return { ms, requests: answered.length, writes: writes.length };
    };
    const raw = async (tenantDir: string, dryRun: boolean) => {
      const checked = await preflight({
        env: 'local',
        target: connection,
        secretSource: process.env,
        tenantDir,
      });
      return runDeployCliImport({
        inputFile: checked.inputFile,
        connection,
        keywords: checked.keywords,
        allowDelete: false,
        types: declaredTypes(checked.desired),
        quiet: true,
        schemaShim: false,
        dryRun,
      });
    };
    log(`bench: tenant.yaml plus ${OTHER_CLIENTS} other applications and ${OTHER_APIS} other APIs`);
    const noopPlan = await measure(() => planTenant(options));
    log('bench: auth0-deploy-cli --dry-run (as published)...');
    const rawDryRun = await measure(() => raw(TENANT_DIR, true));
    const noopDeploy = await measure(() => deployTenant(options));
    log('bench: raw auth0-deploy-cli import (as published) of the unchanged tenant.yaml...');
    const rawNoopImport = await measure(() => raw(TENANT_DIR, false));
    // The one-callback pair has no budget: `npm run bench -- --check` leaves it out (two deploy-cli runs).
    const oneField =
      process.env.BENCH_BUDGETED_ONLY === '1'
        ? undefined
        : {
            ours: await measure(async () =>
              deployTenant({
                ...options,
                tenantDir: await withOneMoreCallback('http://localhost:5173/one-more'),
              }),
            ),
            raw: await (async () => {
              log('bench: raw auth0-deploy-cli import (as published) with one more callback...');
              return measure(async () =>
                raw(await withOneMoreCallback('http://localhost:5173/one-more-raw'), false),
              );
            })(),
          };
    const compared = (
      label: string,
      ours: RunFigures,
      theirs: RunFigures,
      floorLabel: string,
      budget?: Figure['budget'],
    ): Figure => {
      log(
        `${label}: ours ${ours.requests} requests, ${ours.writes} writes; ` +
          `raw deploy-cli ${theirs.requests} requests, ${theirs.writes} writes`,
      );
      return {
        label,
        value: ours.ms,
        unit: 'ms',
        floor: { label: floorLabel, value: theirs.ms },
        ...(budget ? { budget } : {}),
      };
    };
    const figures: Figure[] = [
      compared('no-op plan', noopPlan, rawDryRun, 'raw auth0-deploy-cli --dry-run', 'plan.noop'),
      compared('no-op deploy', noopDeploy, rawNoopImport, 'raw auth0-deploy-cli import', 'deploy.noop'),
    ];
    if (oneField)
      figures.push(
        compared('one-callback deploy', oneField.ours, oneField.raw, 'raw auth0-deploy-cli import'),
      );
    for (const figure of figures) log(formatFigure(figure));
    server.close();
    const everyType = await benchEveryType(log);
    for (const figure of everyType) log(formatFigure(figure));
    return [...figures, ...everyType];
  } finally {
    server.close();
  }
};
