import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.ts';
import { createPreferencesApi } from '../../api/preferences-api.ts';
import { loginHeadless } from '../../emulator/tenant/login/headless-login.ts';
import { type ServedTenant, serveFakeTenant } from '../../emulator/tenant/transport.ts';
import { ADA, API_AUDIENCE, CALLBACK, createTestTenant } from '../emulator/login/local-tenant-fixture.ts';
import { fixtureContract } from '../fixtures/claims-app/contract.ts';

// The API configured from environment variables as `npm run api` is, against the local tenant served
// on loopback: real HTTP for the keys, the client-credentials token and the Management API.

let served: ServedTenant | undefined;
afterEach(() => served?.close());

describe('the preferences API on the local tenant over loopback', () => {
  it('verifies a token the tenant signed and saves the change through its Management API', async () => {
    const local = await createTestTenant();
    const { tenant } = local;
    tenant.state.clientGrants.push({
      id: 'cgr_preferences_api',
      client_id: local.m2mClientId,
      audience: tenant.context.managementAudience,
      scope: ['read:users', 'update:users'],
    });
    served = await serveFakeTenant(tenant);
    const app = createPreferencesApi(
      readConfig({
        AUTH0_DOMAIN: tenant.domain,
        AUTH0_BASE_URL: served.url,
        API_AUDIENCE,
        AUTH0_CLIENT_ID: local.m2mClientId,
        AUTH0_CLIENT_SECRET: local.m2mSecret,
      }),
      { contract: fixtureContract, log: () => {} },
    );
    const login = await loginHeadless({
      baseUrl: served.url,
      clientId: local.spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      scope: 'openid profile email read:preferences update:preferences',
      user: ADA.email,
    });

    const response = await app.request('/me/preferences', {
      method: 'PATCH',
      headers: { authorization: `Bearer ${login.tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ preferences: { timezone: 'Europe/Paris' } }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      preferences: { language: 'en-GB', theme: 'dark', timezone: 'Europe/Paris' },
      display_name: 'Ada L.',
    });
    const ada = tenant.state.users.find((user) => user.user_id === ADA.user_id);
    expect(ada?.user_metadata.preferences).toEqual({
      language: 'en-GB',
      theme: 'dark',
      colour: 'teal',
      timezone: 'Europe/Paris',
    });
  });
});
