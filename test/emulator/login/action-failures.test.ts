import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams, token } from './oauth-calls.ts';

// What the app sees when an Action fails or asks for what the login cannot give.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

// Throws once the user is flagged, so one test can log in and then see the refresh fail.
const THROWS_WHEN_FLAGGED = `exports.onExecutePostLogin = async (event) => {
  if (event.user.app_metadata.flagged === true) throw new Error('Billing service unreachable');
};`;

// Sends the user to a terms page and carries on if the redirect is refused, as careful Actions do.
const REDIRECTS_QUIETLY = `exports.onExecutePostLogin = async (event, api) => {
  try {
    api.redirect.sendUserTo('https://terms.test/accept');
  } catch (error) {
    console.log('redirect refused: ' + error.message);
  }
};`;

const start = async () => {
  const fixture = await createTestTenant();
  inProcess = useFakeTenantInProcess(fixture.tenant);
  return fixture;
};

describe('Actions that fail a login', () => {
  it('Auth0 answers access_denied with the thrown message when an Action throws, at the app and on refresh', async () => {
    const { tenant, base, spaClientId } = await start();
    deployPostLoginAction(tenant, 'billing-check', THROWS_WHEN_FLAGGED);
    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user: 'auth0|ada',
    });
    const ada = tenant.state.users.find((user) => user.user_id === 'auth0|ada');
    if (ada) ada.app_metadata.flagged = true;

    const back = redirectParams(
      await authorize(base, codeFlow(spaClientId, CALLBACK, newVerifier()), tenant.loginAs('auth0|ada')),
    );
    expect(back.get('code')).toBeNull();
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('error_description')).toContain('Billing service unreachable');

    const refreshed = await token(base, {
      grant_type: 'refresh_token',
      client_id: spaClientId,
      refresh_token: tokens.refresh_token ?? '',
    });
    expect(refreshed.status).toBe(403);
    expect(refreshed.body.error).toBe('access_denied');
    expect(refreshed.body.error_description).toContain('Billing service unreachable');
  });

  it("names the failing Action and its line in the local tenant's error_description", async () => {
    const { tenant, base, spaClientId } = await start();
    deployPostLoginAction(tenant, 'billing-check', THROWS_WHEN_FLAGGED);
    const ada = tenant.state.users.find((user) => user.user_id === 'auth0|ada');
    if (ada) ada.app_metadata.flagged = true;
    const back = redirectParams(
      await authorize(base, codeFlow(spaClientId, CALLBACK, newVerifier()), tenant.loginAs('auth0|ada')),
    );
    // Deployed code has no source map here, so the line is the bundle's: the throw is on line 2.
    expect(back.get('error_description')).toBe(
      'Billing service unreachable (Action billing-check, billing-check.js:2)',
    );
  });

  it('Auth0 fails a prompt=none login with interaction_required when an Action tries to redirect it', async () => {
    const { tenant, base, spaClientId } = await start();
    deployPostLoginAction(tenant, 'terms', REDIRECTS_QUIETLY);
    const silent = codeFlow(spaClientId, CALLBACK, newVerifier(), { prompt: 'none' });
    const back = redirectParams(await authorize(base, silent, tenant.loginAs('auth0|ada')));
    expect(back.get('code')).toBeNull();
    expect(back.get('error')).toBe('interaction_required');
    expect(back.get('state')).toBe('state-123');
  });
});
