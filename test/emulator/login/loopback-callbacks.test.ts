import { afterEach, describe, expect, it } from 'vitest';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { CALLBACK, createTestTenant, LOCALHOST_CALLBACK } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams } from './oauth-calls.ts';

// Auth0 cannot tell which program receives a loopback callback, so a login that needs no
// interaction (single sign-on) must be confirmed by the user before it goes there.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const SUBDOMAIN_CALLBACK = 'http://app.localhost:5173/callback';

const start = async () => {
  const fixture = await createTestTenant();
  inProcess = useFakeTenantInProcess(fixture.tenant);
  const spa = fixture.tenant.state.clients.find((client) => client.client_id === fixture.spaClientId);
  spa?.callbacks?.push(SUBDOMAIN_CALLBACK);
  const decide = (page: string, decision: 'accept' | 'deny') =>
    fetch(`${fixture.base}/u/login-confirmation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        state: /name="state" value="([^"]+)"/.exec(page)?.[1] ?? '',
        decision,
      }).toString(),
      redirect: 'manual',
    });
  return { ...fixture, spa, decide };
};

describe('logins to a loopback callback', () => {
  it('Auth0 asks the user to confirm a single sign-on login to a loopback callback, every time', async () => {
    const { tenant, base, spaClientId, decide } = await start();
    const cookie = tenant.loginAs('auth0|ada');
    for (let login = 0; login < 2; login += 1) {
      const page = await authorize(base, codeFlow(spaClientId, LOCALHOST_CALLBACK, newVerifier()), cookie);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('action="/u/login-confirmation"');
      expect(html).toContain('http://localhost:5173');
      const confirmed = await decide(html, 'accept');
      expect(confirmed.headers.get('location')).toMatch(/^http:\/\/localhost:5173\/callback\?/);
      expect(redirectParams(confirmed).get('code')).toEqual(expect.any(String));
    }
    const page = await authorize(base, codeFlow(spaClientId, LOCALHOST_CALLBACK, newVerifier()), cookie);
    expect(redirectParams(await decide(await page.text(), 'deny')).get('error')).toBe('access_denied');
  });

  it('Auth0 refuses prompt=none to a loopback callback with interaction_required', async () => {
    const { tenant, base, spaClientId } = await start();
    const silent = codeFlow(spaClientId, LOCALHOST_CALLBACK, newVerifier(), { prompt: 'none' });
    const back = redirectParams(await authorize(base, silent, tenant.loginAs('auth0|ada')));
    expect(back.get('code')).toBeNull();
    expect(back.get('error')).toBe('interaction_required');
  });

  it('Auth0 sends single sign-on to an https or .localhost-subdomain callback without asking', async () => {
    const { tenant, base, spaClientId } = await start();
    const cookie = tenant.loginAs('auth0|ada');
    for (const callback of [CALLBACK, SUBDOMAIN_CALLBACK]) {
      const back = redirectParams(
        await authorize(base, codeFlow(spaClientId, callback, newVerifier()), cookie),
      );
      expect(back.get('code')).toEqual(expect.any(String));
    }
  });

  it('Auth0 skips the confirmation for an application that opts out, or once the user has just logged in', async () => {
    const { tenant, base, spaClientId, spa } = await start();
    const loginPage = await authorize(base, codeFlow(spaClientId, LOCALHOST_CALLBACK, newVerifier()));
    const loggedIn = await fetch(`${base}/u/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        state: /name="state" value="([^"]+)"/.exec(await loginPage.text())?.[1] ?? '',
        username: 'auth0|ada',
      }).toString(),
      redirect: 'manual',
    });
    expect(redirectParams(loggedIn).get('code')).toEqual(expect.any(String));

    if (spa) spa.skip_non_verifiable_callback_uri_confirmation_prompt = true;
    const sso = codeFlow(spaClientId, LOCALHOST_CALLBACK, newVerifier());
    expect(redirectParams(await authorize(base, sso, tenant.loginAs('auth0|ada'))).get('code')).toEqual(
      expect.any(String),
    );
  });
});
