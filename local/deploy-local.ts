import { installAjvCacheShim } from '../deploy/ajv-cache-shim.ts';
import { deployTenant } from '../deploy/deploy-tenant.ts';
import type { LocalTenant } from '../emulator/tenant/local-tenant.ts';
import { useFakeTenantInProcess } from '../emulator/tenant/transport.ts';

/**
 * Deploys `tenant/tenant.yaml` with the `local` mapping to the running local tenant, with the same
 * preflight, plan, real auth0-deploy-cli import and read-back as `npm run deploy` against Auth0.
 * deploy-cli reaches the tenant in-process (msw in front of `https://<domain>/`), the same handler
 * the loopback port serves.
 */
export const deployToLocalTenant = async (
  tenant: LocalTenant,
  log: (line: string) => void,
  /** The folder of tenant.yaml and environments/ (default `tenant/`). */
  tenantDir?: string,
): Promise<number> => {
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
      ...(tenantDir ? { tenantDir } : {}),
      log: (line) => log(`  ${line}`),
    });
    return result.applied.length;
  } finally {
    intercept.close();
  }
};
