import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { managementCaller } from './call.ts';

// The Management API of the types deploy-cli manages beyond applications and APIs, as the local
// tenant answers them: what Auth0 keeps, converts, hides or refuses.

describe('the local tenant’s settings and collections', () => {
  it('Auth0 answers session lifetimes in hours whether written in hours or minutes, and refuses both at once', async () => {
    const call = await managementCaller(createFakeTenant());
    expect((await call('PATCH', '/tenants/settings', { session_lifetime_in_minutes: 4320 })).status).toBe(
      200,
    );
    const { body } = await call('GET', '/tenants/settings');
    expect(body.session_lifetime).toBe(72);
    expect(body).not.toHaveProperty('session_lifetime_in_minutes');
    const both = await call('PATCH', '/tenants/settings', {
      idle_session_lifetime: 1,
      idle_session_lifetime_in_minutes: 60,
    });
    expect(both.status).toBe(400);
  });

  it("Auth0 keeps a client's secret encoding from its creation and refuses it in an update", async () => {
    const call = await managementCaller(createFakeTenant());
    const created = await call('POST', '/clients', {
      name: 'encoded',
      jwt_configuration: { alg: 'HS256', secret_encoded: true },
    });
    const path = `/clients/${created.body.client_id}`;
    expect(
      (await call('PATCH', path, { jwt_configuration: { alg: 'HS256', secret_encoded: false } })).status,
    ).toBe(400);
    const updated = await call('PATCH', path, {
      jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 600 },
    });
    expect(updated.body.jwt_configuration).toEqual({
      alg: 'RS256',
      lifetime_in_seconds: 600,
      secret_encoded: true,
    });
  });

  it('Auth0 binds a deployed Action to any trigger it has, login-post-identifier included', async () => {
    const call = await managementCaller(createFakeTenant());
    const { body: triggers } = await call('GET', '/actions/triggers');
    expect(triggers.triggers.map((trigger: { id: string }) => trigger.id)).toEqual(
      expect.arrayContaining(['login-post-identifier', 'signup-post-identifier', 'post-user-registration']),
    );
    for (const id of ['login-post-identifier', 'signup-post-identifier', 'credentials-exchange']) {
      expect((await call('GET', `/actions/triggers/${id}/bindings`)).body.bindings).toEqual([]);
    }
    expect((await call('GET', '/actions/triggers/no-such-trigger/bindings')).status).toBe(404);
  });

  it('Auth0 never returns the credentials of a phone provider or a hook secret’s value', async () => {
    const call = await managementCaller(createFakeTenant());
    const provider = await call('POST', '/branding/phone/providers', {
      name: 'twilio',
      configuration: { sid: 'AC1', default_from: '+15550100', delivery_methods: ['text'] },
      credentials: { auth_token: 'kept-not-shown' },
    });
    expect(provider.status).toBe(201);
    expect(JSON.stringify((await call('GET', '/branding/phone/providers')).body)).not.toContain(
      'kept-not-shown',
    );
    const hook = await call('POST', '/hooks', {
      name: 'h',
      script: 'module.exports = () => {}',
      triggerId: 'pre-user-registration',
    });
    await call('POST', `/hooks/${hook.body.id}/secrets`, { API_KEY: 'kept-not-shown' });
    expect((await call('GET', `/hooks/${hook.body.id}/secrets`)).body).toEqual({
      API_KEY: '_VALUE_NOT_SHOWN_',
    });
  });
});
