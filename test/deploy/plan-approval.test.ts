import { describe, expect, it } from 'vitest';
import { deployTenant, planTenant } from '../../deploy/deploy-tenant.ts';
import type { DeployError } from '../../deploy/errors.ts';
import { planDigest } from '../../deploy/format-plan.ts';
import { secretValues } from '../../deploy/preflight.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';
import { inProcessTenant } from './in-process-tenant.ts';

// prod is planned before anyone approves and deployed after: the deploy must apply the plan the
// reviewers saw, not whatever the tenant needs by the time approval comes.
const { tenant, connection } = inProcessTenant('local-tenant.auth0.test');

const isWrite = (entry: { method: string; path: string }) =>
  entry.method !== 'GET' && entry.path !== '/oauth/token';

describe('plan approval', () => {
  it('refuses, before any write, a deploy whose plan is no longer the one approved', async () => {
    const reviewed = await planTenant({ env: 'local', connection, tenantDir: CLAIMS_APP.dir, build: false });
    const digest = planDigest('local', tenant.domain, reviewed.plan, secretValues(reviewed.preflight));
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const again = await planTenant({ env: 'local', connection, tenantDir: CLAIMS_APP.dir, build: false });
    expect(planDigest('local', tenant.domain, again.plan, secretValues(again.preflight))).toBe(digest);

    tenant.state.settings.friendly_name = 'Renamed by hand after the review';
    const start = tenant.requests.length;
    const error = (await deployTenant({
      env: 'local',
      connection,
      tenantDir: CLAIMS_APP.dir,
      build: false,
      expectPlan: digest,
    }).catch((caught: unknown) => caught)) as DeployError;
    expect(error.code).toBe('E_PLAN_CHANGED');
    expect(error.message).toContain(digest);
    expect(tenant.requests.slice(start).filter(isWrite)).toEqual([]);
  });
});
