import { setupServer } from 'msw/node';
import { deployTenant, planTenant } from '../deploy/deploy-tenant.ts';
import type { ManagedType } from '../deploy/desired-state.ts';
import { runDeployCliImport } from '../deploy/run-import.ts';
import { createFakeTenant } from '../emulator/tenant/fake-tenant.ts';
import { fakeTenantHandlers } from '../emulator/tenant/transport.ts';

export interface DeployBenchFigures {
  readonly noopDeployMs: number;
  readonly noopDeployWrites: number;
  readonly rawImportMs: number;
  readonly rawImportWrites: number;
  readonly planMs: number;
  readonly dryRunMs: number;
}

const timed = async (run: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

/**
 * On one in-process fake tenant already holding tenant.yaml (env `local`): a no-op `deploy` against
 * a raw auth0-deploy-cli import of the same files (as published, no schema shim), and `plan` against
 * deploy-cli's own dry run (`AUTH0_DRY_RUN: preview`). Wall time and writes; prints ratios.
 */
export const benchDeploy = async (log: (line: string) => void = console.log): Promise<DeployBenchFigures> => {
  const tenant = createFakeTenant();
  const server = setupServer(...fakeTenantHandlers(tenant));
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const connection = {
      domain: tenant.domain,
      clientId: tenant.deployClient.client_id,
      clientSecret: tenant.deployClient.client_secret,
    };
    const options = { env: 'local', connection, build: false, quietImport: true } as const;
    const { preflight } = await deployTenant(options);
    const writesDuring = async (run: () => Promise<unknown>) => {
      const start = tenant.requests.length;
      const ms = await timed(run);
      const writes = tenant.requests
        .slice(start)
        .filter((entry) => entry.method !== 'GET' && entry.path !== '/oauth/token');
      return { ms, writes: writes.length };
    };
    const importInput = {
      inputFile: preflight.inputFile,
      connection,
      keywords: preflight.keywords,
      allowDelete: false,
      types: Object.keys(preflight.desired) as ManagedType[],
      quiet: true,
      schemaShim: false,
    };
    log('bench: raw auth0-deploy-cli import (as published) of an unchanged tenant...');
    const raw = await writesDuring(() => runDeployCliImport(importInput));
    log('bench: auth0-deploy-cli --dry-run (as published)...');
    const dryRunMs = await timed(() => runDeployCliImport({ ...importInput, dryRun: true }));
    log('bench: our no-op deploy and plan...');
    const noop = await writesDuring(() => deployTenant(options));
    const planMs = await timed(() => planTenant(options));
    const figures = {
      noopDeployMs: noop.ms,
      noopDeployWrites: noop.writes,
      rawImportMs: raw.ms,
      rawImportWrites: raw.writes,
      planMs,
      dryRunMs,
    };
    const ms = (value: number) => `${value.toFixed(0)} ms`;
    log(
      `no-op deploy: ${ms(noop.ms)}, ${noop.writes} writes; raw deploy-cli import: ${ms(raw.ms)}, ${raw.writes} writes`,
    );
    log(`  time ratio ${(noop.ms / raw.ms).toFixed(4)}x (target <= 0.3x)`);
    log(
      `plan: ${ms(planMs)}; deploy-cli --dry-run: ${ms(dryRunMs)}; ratio ${(planMs / dryRunMs).toFixed(4)}x (target <= 0.3x)`,
    );
    return figures;
  } finally {
    server.close();
  }
};
