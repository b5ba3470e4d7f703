import type { ManagementConnection } from '../deploy/management-api.ts';
import type { FakeTenant } from '../emulator/tenant/fake-tenant.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../emulator/tenant/transport.ts';

/** The tenant answering every fetch to its domain, and the deploy client's credentials for plan and deploy. */
export const inProcessTenant = (
  tenant: FakeTenant,
): InProcessTenant & { connection: ManagementConnection } => ({
  ...useFakeTenantInProcess(tenant),
  connection: {
    domain: tenant.domain,
    clientId: tenant.deployClient.client_id,
    clientSecret: tenant.deployClient.client_secret,
  },
});
