import { pathToFileURL } from 'node:url';
import type { SetupServer } from 'msw/node';
import { generatedIds, normalizeSequence, recordRequests } from '../../bench/request-recorder.ts';
import { declaredTypes } from '../../deploy/desired-state.ts';
import { preflight } from '../../deploy/preflight.ts';
import { runDeployCliImport } from '../../deploy/run-import.ts';
import { createFakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import { fakeTenantHandlers, useFakeTenantInProcess } from '../../emulator/tenant/transport.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';

export interface FreshImport {
  readonly ms: number;
  /** The requests, ids normalized (see normalizeSequence). */
  readonly sequence: string[];
}

/**
 * One real auth0-deploy-cli import of a fixture tenant (env `local`; claims-app unless told) into a new in-process fake tenant,
 * recording what it sends. With `shim: false` it is deploy-cli exactly as published.
 */
export const importIntoFreshTenant = async (options: {
  shim: boolean;
  tenantDir?: string;
  /** An msw server already listening (one per process): the tenant joins it instead of starting its own. */
  server?: SetupServer;
}): Promise<FreshImport> => {
  const tenant = createFakeTenant();
  const intercept = options.server
    ? { server: options.server, close: () => {} }
    : useFakeTenantInProcess(tenant);
  if (options.server) options.server.use(...fakeTenantHandlers(tenant));
  try {
    const connection = {
      domain: tenant.domain,
      clientId: tenant.deployClient.client_id,
      clientSecret: tenant.deployClient.client_secret,
    };
    const checked = await preflight({
      env: 'local',
      target: { domain: tenant.domain, clientId: connection.clientId },
      secretSource: process.env,
      tenantDir: options.tenantDir ?? CLAIMS_APP.dir,
    });
    const recorder = recordRequests(intercept.server);
    const started = performance.now();
    await runDeployCliImport({
      inputFile: checked.inputFile,
      connection,
      keywords: checked.keywords,
      allowDelete: false,
      types: declaredTypes(checked.desired),
      quiet: true,
      schemaShim: options.shim,
    });
    const ms = performance.now() - started;
    await recorder.settled();
    recorder.stop();
    return { ms, sequence: normalizeSequence(recorder.requests, generatedIds(tenant)) };
  } finally {
    intercept.close();
  }
};

// Run as a script (`node --import tsx test/support/fresh-import.ts [--shim]`), it prints the result
// as JSON: the deploy tests run deploy-cli as published this way, beside their own work.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  importIntoFreshTenant({ shim: process.argv.includes('--shim') }).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
