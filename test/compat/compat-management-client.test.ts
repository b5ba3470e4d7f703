import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../emulator/actions/index.ts';
import { createFakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import { fakeTenantHandlers } from '../../emulator/tenant/transport.ts';
import { compatSecrets, loadCompatAction, NS } from './compat-fixture.ts';

// The auth0 SDK's ManagementClient (declared auth0 4.9.0) from inside an Action, against the local
// tenant's Management API: client-credentials token, then a user update, as on Auth0. The SDK's
// fetch is the realm's, answered by the login's msw handlers: here, the fake tenant's.

const tenant = createFakeTenant();
const handlers = fakeTenantHandlers(tenant);

describe('ManagementClient inside an Action', () => {
  it("onboards a user on the first login: the tenant keeps the update, the next login's event shows it and skips the call", async () => {
    const [user] = tenant.seedUsers([{ email: 'new@example.com', password: 'correct horse battery' }]);
    if (!user) throw new Error('no user seeded');
    const action = await loadCompatAction(
      'onboard-management-client',
      compatSecrets({
        DOMAIN: tenant.domain,
        CLIENT_ID: tenant.deployClient.client_id,
        CLIENT_SECRET: tenant.deployClient.client_secret ?? '',
      }),
    );
    const first = await action.run(buildEvent({ user: { user_id: user.user_id, email: user.email } }), {
      handlers,
    });
    expect(first.error).toBeUndefined();
    expect(first.idToken?.payload[`${NS}plan`]).toBe('trial');
    const stored = tenant.state.users.find((candidate) => candidate.user_id === user.user_id);
    expect(stored?.app_metadata).toEqual({ onboarded: true, plan: 'trial' });

    const requests = tenant.requests.length;
    const next = await action.run(
      buildEvent({ user: { user_id: user.user_id, app_metadata: stored?.app_metadata ?? {} } }),
      { handlers },
    );
    expect(next.idToken?.payload[`${NS}plan`]).toBeUndefined();
    expect(tenant.requests.length).toBe(requests);
  });
});
