// @vitest-environment happy-dom
// @vitest-environment-options { "url": "https://app.identity-as-code.test/" }
import { Auth0Client } from '@auth0/auth0-spa-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { FIXTURE_NAMESPACE as CLAIM_NAMESPACE } from '../../fixtures/claims-app/contract.ts';
import { managementCaller } from '../tenant/call.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant } from './local-tenant-fixture.ts';

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());
// spa-js moves token calls into a Worker when it can, where msw cannot see them.
beforeEach(() => {
  Reflect.deleteProperty(window, 'Worker');
});

describe('@auth0/auth0-spa-js against the local tenant', () => {
  it('logs in with a redirect, reads the claims, and refreshes them after a metadata change', async () => {
    const { tenant, spaClientId } = await createTestTenant({ autoLogin: true });
    inProcess = useFakeTenantInProcess(tenant);
    const client = new Auth0Client({
      domain: tenant.domain,
      clientId: spaClientId,
      useRefreshTokens: true,
      cacheLocation: 'memory',
      authorizationParams: { redirect_uri: CALLBACK, audience: API_AUDIENCE, login_hint: 'ada@example.com' },
    });
    let callbackUrl = '';
    await client.loginWithRedirect({
      openUrl: async (url) => {
        const response = await fetch(url, { redirect: 'manual' });
        callbackUrl = response.headers.get('location') ?? '';
      },
    });
    await client.handleRedirectCallback(callbackUrl);
    const user = await client.getUser();
    expect(user?.sub).toBe('auth0|ada');
    expect(user?.[`${CLAIM_NAMESPACE}user_metadata`]).toEqual({
      preferences: { language: 'en-GB', theme: 'dark' },
      display_name: 'Ada L.',
    });

    const patch = await (await managementCaller(tenant))(
      'PATCH',
      `/users/${encodeURIComponent('auth0|ada')}`,
      {
        user_metadata: { preferences: { language: 'fr-CA', theme: 'dark' } },
      },
    );
    expect(patch.status).toBe(200);
    await client.getTokenSilently({ cacheMode: 'off' });
    expect((await client.getUser())?.[`${CLAIM_NAMESPACE}user_metadata`]).toEqual({
      preferences: { language: 'fr-CA', theme: 'dark' },
      display_name: 'Ada L.',
    });
  });

  it('Auth0 lets spa-js complete a login that asked for max_age', async () => {
    const { tenant, spaClientId } = await createTestTenant({ autoLogin: true });
    inProcess = useFakeTenantInProcess(tenant);
    const client = new Auth0Client({
      domain: tenant.domain,
      clientId: spaClientId,
      cacheLocation: 'memory',
      authorizationParams: {
        redirect_uri: CALLBACK,
        audience: API_AUDIENCE,
        login_hint: 'ada@example.com',
        max_age: 300,
      },
    });
    let callbackUrl = '';
    await client.loginWithRedirect({
      openUrl: async (url) => {
        callbackUrl = (await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '';
      },
    });
    await client.handleRedirectCallback(callbackUrl);
    expect((await client.getUser())?.sub).toBe('auth0|ada');
  });
});
