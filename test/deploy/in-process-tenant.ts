import { afterAll, beforeAll } from 'vitest';
import type { ManagementConnection } from '../../deploy/management-api.ts';
import {
  createFakeTenant,
  type FakeTenant,
  type FakeTenantOptions,
} from '../../emulator/tenant/fake-tenant.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../emulator/tenant/transport.ts';

/**
 * A fake tenant answering `https://<domain>` through msw for the whole test file, and the deploy
 * client's credentials to reach it with, as CI would hand them to plan and deploy.
 */
export const inProcessTenant = (
  domain?: string,
  options: Omit<FakeTenantOptions, 'domain'> = {},
): { tenant: FakeTenant; connection: ManagementConnection; transport: () => InProcessTenant } => {
  const tenant = createFakeTenant(domain ? { ...options, domain } : options);
  let intercept: InProcessTenant | undefined;
  beforeAll(() => {
    intercept = useFakeTenantInProcess(tenant);
  });
  afterAll(() => intercept?.close());
  return {
    tenant,
    transport: () => {
      if (!intercept) throw new Error('the in-process tenant starts in beforeAll; use it inside a test');
      return intercept;
    },
    connection: {
      domain: tenant.domain,
      clientId: tenant.deployClient.client_id,
      clientSecret: tenant.deployClient.client_secret,
    },
  };
};
