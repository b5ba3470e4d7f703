import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { managementCaller } from './call.ts';

// The values the fake accepts are the ones the auth0 SDK's types (Auth0's API definition) allow, so a
// tenant.yaml that the real API would refuse is refused here, before it reaches a real tenant.

const CODE = 'exports.onExecutePostLogin = async () => {};';

describe('Management API payload validation', () => {
  it('Auth0 refuses values its API definition does not define', async () => {
    const tenant = createFakeTenant({ buildDelayMs: 0 });
    const call = await managementCaller(tenant);

    const desktop = await call('POST', '/clients', { name: 'Desktop', app_type: 'desktop' });
    expect(desktop.status).toBe(400);
    expect(desktop.body.message).toContain('app_type');
    expect(tenant.state.clients.map((client) => client.name)).not.toContain('Desktop');

    const spa = await call('POST', '/clients', { name: 'SPA', app_type: 'spa' });
    const path = `/clients/${spa.body.client_id}`;
    const halfSettings = await call('PATCH', path, { refresh_token: { rotation_type: 'rotating' } });
    expect(halfSettings.status).toBe(400);
    expect(halfSettings.body.message).toContain('refresh_token.expiration_type');
    const settings = { rotation_type: 'rotating', expiration_type: 'expiring', leeway: 3 };
    expect((await call('PATCH', path, { refresh_token: settings })).status).toBe(200);
    expect((await call('GET', path)).body.refresh_token).toEqual(settings);

    const unsigned = await call('POST', '/resource-servers', {
      identifier: 'https://api',
      signing_alg: 'none',
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.message).toContain('signing_alg');

    const misspelt = await call('POST', '/actions/actions', {
      name: 'claims',
      code: CODE,
      supported_triggers: [{ id: 'post-logon', version: 'v3' }],
    });
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.message).toContain('post-logon');
    expect(tenant.state.actions).toEqual([]);
  });

  it('Auth0 lists role permissions with the API name and the scope description', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    await call('POST', '/resource-servers', {
      identifier: 'https://api.example',
      name: 'Example API',
      scopes: [{ value: 'read:things', description: 'Read things' }],
    });
    const role = await call('POST', '/roles', { name: 'reader' });
    const permission = { permission_name: 'read:things', resource_server_identifier: 'https://api.example' };
    await call('POST', `/roles/${role.body.id}/permissions`, { permissions: [permission] });
    expect((await call('GET', `/roles/${role.body.id}/permissions`)).body).toEqual([
      { ...permission, resource_server_name: 'Example API', description: 'Read things' },
    ]);
  });
});
