import { describe, expect, it } from 'vitest';
import { planTenant } from '../../deploy/deploy-tenant.ts';
import { PLAN_SCOPES } from '../../deploy/management-scopes.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';
import { inProcessTenant } from './in-process-tenant.ts';

const { tenant, connection } = inProcessTenant('local-tenant.auth0.test');

describe('Management API scopes', () => {
  it('a read-only client granted exactly PLAN_SCOPES can plan, and one scope fewer cannot', async () => {
    const grant = tenant.state.clientGrants.find((candidate) => candidate.client_id === connection.clientId);
    if (!grant) throw new Error('the fake tenant seeds a grant for its deploy client');
    grant.scope = [...PLAN_SCOPES];
    const { plan } = await planTenant({ env: 'local', connection, tenantDir: CLAIMS_APP.dir, build: false });
    expect(plan.changes.length).toBeGreaterThan(0);
    grant.scope = PLAN_SCOPES.filter((scope) => scope !== 'read:client_grants');
    await expect(
      planTenant({ env: 'local', connection, tenantDir: CLAIMS_APP.dir, build: false }),
    ).rejects.toThrow(/E_MISSING_SCOPE: GET \/client-grants .* needs scope read:client_grants/);
  });
});
