import { createRequire } from 'node:module';
import type { LocalTenant } from '../../emulator/tenant/local-tenant.ts';
import { useFakeTenantInProcess } from '../../emulator/tenant/transport.ts';
import { installAjvCacheShim } from '../deploy/ajv-cache-shim.ts';
import { deployTenant } from '../deploy/deploy-tenant.ts';

/**
 * Deploys `tenant/tenant.yaml` with the `local` mapping to the running local tenant, with the same
 * preflight, plan, real auth0-deploy-cli import and read-back as `npm run deploy` against Auth0.
 * deploy-cli reaches the tenant in-process (msw in front of `https://<domain>/`), the same handler
 * the loopback port serves.
 */
export const deployToLocalTenant = async (
  tenant: LocalTenant,
  log: (line: string) => void,
): Promise<number> => {
  // deploy-cli's modules require each other in a cycle: load it from its entry point first, or the
  // shim's early require of its Auth0 class leaves `tools.Auth0` undefined inside deploy-cli.
  createRequire(import.meta.url)('auth0-deploy-cli');
  installAjvCacheShim();
  const intercept = useFakeTenantInProcess(tenant, { onUnhandledRequest: 'bypass' });
  try {
    const result = await deployTenant({
      env: 'local',
      connection: {
        domain: tenant.domain,
        clientId: tenant.deployClient.client_id,
        clientSecret: tenant.deployClient.client_secret,
      },
      approved: true,
      build: false,
      quietImport: true,
      log: (line) => log(`  ${line}`),
    });
    return result.applied.length;
  } finally {
    intercept.close();
  }
};
