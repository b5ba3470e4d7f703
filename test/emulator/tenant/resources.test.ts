import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { issueManagementToken } from '../../../emulator/tenant/management/token.ts';
import { callApi, managementCaller } from './call.ts';

describe('clients, APIs and grants', () => {
  it('generates client credentials and refuses read-only or missing fields', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    const created = await call('POST', '/clients', { name: 'Web App', app_type: 'spa' });
    expect(created.status).toBe(201);
    expect(created.body.client_id).toMatch(/^[\w-]{32}$/);
    expect(created.body.token_endpoint_auth_method).toBe('none');

    const renamed = await call('PATCH', `/clients/${created.body.client_id}`, { client_id: 'mine' });
    expect(renamed.status).toBe(400);
    expect(renamed.body).toMatchObject({ errorCode: 'invalid_body' });
    expect(renamed.body.message).toContain('client_id');
    expect((await call('POST', '/clients', { app_type: 'spa' })).status).toBe(400);
    expect(tenant.state.clients.map((client) => client.name)).toEqual([
      'Deploy (auth0-deploy-cli)',
      'Web App',
    ]);
  });

  it('shows client secrets only to tokens holding read:client_keys', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    const { body } = await call('POST', '/clients', { name: 'Backend', app_type: 'non_interactive' });
    expect((await call('GET', `/clients/${body.client_id}`)).body.client_secret).toBe(body.client_secret);
    const narrow = await issueManagementToken(tenant.context, tenant.deployClient.client_id, [
      'read:clients',
    ]);
    const seen = await callApi(tenant, narrow, 'GET', `/clients/${body.client_id}`);
    expect(seen.status).toBe(200);
    expect(seen.body).not.toHaveProperty('client_secret');
    expect((await callApi(tenant, narrow, 'DELETE', `/clients/${body.client_id}`)).status).toBe(403);
  });

  it('pages lists with include_totals the way Auth0 does', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    for (let i = 0; i < 4; i++) await call('POST', '/clients', { name: `App ${i}` });
    const page = await call('GET', '/clients?page=1&per_page=2&include_totals=true');
    expect(page.body).toMatchObject({ start: 2, limit: 2, length: 2, total: 5 });
    expect(page.body.clients.map((client: { name: string }) => client.name)).toEqual(['App 1', 'App 2']);
    const bare = await call('GET', '/clients?page=2&per_page=2');
    expect(bare.body.map((client: { name: string }) => client.name)).toEqual(['App 3']);
    expect((await call('GET', '/clients?per_page=101')).status).toBe(400);
  });

  it('keeps API identifiers unique and fixed, and the Management API untouchable', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    const api = await call('POST', '/resource-servers', { name: 'Prefs', identifier: 'https://prefs' });
    expect(api.status).toBe(201);
    expect((await call('POST', '/resource-servers', { identifier: 'https://prefs' })).status).toBe(409);
    expect(
      (await call('PATCH', `/resource-servers/${api.body.id}`, { identifier: 'https://other' })).status,
    ).toBe(400);
    const system = tenant.state.resourceServers.find((server) => server.is_system);
    expect((await call('DELETE', `/resource-servers/${system?.id}`)).status).toBe(403);
    expect((await call('GET', `/resource-servers/${encodeURIComponent('https://prefs')}`)).body.id).toBe(
      api.body.id,
    );
  });

  it('allows one grant per client and API, only for existing ones', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    const client = await call('POST', '/clients', { name: 'Backend', app_type: 'non_interactive' });
    const grant = {
      client_id: client.body.client_id,
      audience: tenant.context.managementAudience,
      scope: ['read:users'],
    };
    expect((await call('POST', '/client-grants', grant)).status).toBe(201);
    expect((await call('POST', '/client-grants', grant)).status).toBe(409);
    expect((await call('POST', '/client-grants', { ...grant, audience: 'https://nowhere' })).status).toBe(
      404,
    );
    expect((await call('POST', '/client-grants', { client_id: client.body.client_id })).status).toBe(400);
    const listed = await call('GET', `/client-grants?client_id=${client.body.client_id}`);
    expect(listed.body).toEqual([expect.objectContaining({ scope: ['read:users'] })]);
    await call('DELETE', `/clients/${client.body.client_id}`);
    expect(tenant.state.clientGrants.map((g) => g.client_id)).toEqual([tenant.deployClient.client_id]);
  });

  it('merges tenant settings flags key by key', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    await call('PATCH', '/tenants/settings', {
      friendly_name: 'Demo',
      flags: { revoke_refresh_token_grant: false },
    });
    const settings = await call('GET', '/tenants/settings');
    expect(settings.body.friendly_name).toBe('Demo');
    expect(settings.body.flags).toEqual({
      enable_client_connections: true,
      revoke_refresh_token_grant: false,
    });
  });
});
