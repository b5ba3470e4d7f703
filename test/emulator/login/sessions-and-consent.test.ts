import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant, LOCALHOST_CALLBACK } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams } from './oauth-calls.ts';

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

describe('sessions and consent', () => {
  it('prompt=none answers login_required without a session and a code with one', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const silent = codeFlow(spaClientId, CALLBACK, newVerifier(), { prompt: 'none', audience: API_AUDIENCE });
    expect(redirectParams(await authorize(base, silent)).get('error')).toBe('login_required');
    const cookie = tenant.loginAs('auth0|ada');
    const back = redirectParams(await authorize(base, silent, cookie));
    expect(back.get('code')).toEqual(expect.any(String));
    expect(back.get('state')).toBe('state-123');
  });

  it('shows the login page listing the seeded users when nobody is logged in', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const page = await authorize(base, codeFlow(spaClientId, CALLBACK, newVerifier()));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('ada@example.com');
    expect(html).toContain('bob@example.com');
  });

  it('skips consent for a first-party client when the API allows it', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const back = redirectParams(
      await authorize(
        base,
        codeFlow(spaClientId, CALLBACK, newVerifier(), { prompt: 'none', audience: API_AUDIENCE }),
        tenant.loginAs('auth0|ada'),
      ),
    );
    expect(back.get('error')).toBeNull();
  });

  it('asks for consent when the API does not allow skipping it, and remembers the grant', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const api = tenant.state.resourceServers.find((server) => server.identifier === API_AUDIENCE);
    if (api) api.skip_consent_for_verifiable_first_party_clients = false;
    const cookie = tenant.loginAs('auth0|ada');
    const silent = codeFlow(spaClientId, CALLBACK, newVerifier(), { prompt: 'none', audience: API_AUDIENCE });
    expect(redirectParams(await authorize(base, silent, cookie)).get('error')).toBe('consent_required');

    const page = await authorize(
      base,
      codeFlow(spaClientId, CALLBACK, newVerifier(), { audience: API_AUDIENCE }),
      cookie,
    );
    expect(await page.text()).toContain('Accept');
    await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user: 'auth0|ada',
      cookie,
    });
    expect(redirectParams(await authorize(base, silent, cookie)).get('code')).toEqual(expect.any(String));
  });

  it('always asks for consent on a localhost callback, which is never a verifiable first party', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const silent = codeFlow(spaClientId, LOCALHOST_CALLBACK, newVerifier(), {
      prompt: 'none',
      audience: API_AUDIENCE,
    });
    expect(redirectParams(await authorize(base, silent, tenant.loginAs('auth0|ada'))).get('error')).toBe(
      'consent_required',
    );
  });

  it('a declined consent sends access_denied back to the app', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const page = await authorize(
      base,
      codeFlow(spaClientId, LOCALHOST_CALLBACK, newVerifier(), { audience: API_AUDIENCE }),
      tenant.loginAs('auth0|ada'),
    );
    const transaction = /name="state" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const declined = await fetch(`${base}/u/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ state: transaction, decision: 'deny' }).toString(),
      redirect: 'manual',
    });
    expect(redirectParams(declined).get('error')).toBe('access_denied');
  });

  it('logout ends the session and only returns to an allowed URL', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const cookie = tenant.loginAs('auth0|ada');
    const refused = await fetch(`${base}/v2/logout?client_id=${spaClientId}&returnTo=https://evil.example/`, {
      redirect: 'manual',
      headers: { cookie },
    });
    expect(refused.status).toBe(400);
    const out = await fetch(
      `${base}/v2/logout?client_id=${spaClientId}&returnTo=https://app.identity-as-code.test/`,
      { redirect: 'manual', headers: { cookie } },
    );
    expect(out.headers.get('location')).toBe('https://app.identity-as-code.test/');
    const silent = codeFlow(spaClientId, CALLBACK, newVerifier(), { prompt: 'none' });
    expect(redirectParams(await authorize(base, silent, cookie)).get('error')).toBe('login_required');
  });

  it('answers CORS preflights only for origins a client allows', async () => {
    const { tenant, base } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const preflight = (origin: string) =>
      fetch(`${base}/oauth/token`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    expect(
      (await preflight('https://app.identity-as-code.test')).headers.get('access-control-allow-origin'),
    ).toBe('https://app.identity-as-code.test');
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it("refuses a token request from an origin only another client allows, as Auth0 checks the caller's own", async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    tenant.state.clients.push({
      client_id: 'other-spa-id',
      client_secret: 'unused (public client)',
      name: 'Another SPA',
      app_type: 'spa',
      token_endpoint_auth_method: 'none',
      callbacks: ['https://other.identity-as-code.test/callback'],
      web_origins: ['https://other.identity-as-code.test'],
    });
    inProcess = useFakeTenantInProcess(tenant);
    const verifier = newVerifier();
    const code = redirectParams(
      await authorize(base, codeFlow(spaClientId, CALLBACK, verifier), tenant.loginAs('auth0|ada')),
    ).get('code');
    const exchange = (origin: string) =>
      fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: spaClientId,
          code: code ?? '',
          code_verifier: verifier,
          redirect_uri: CALLBACK,
        }),
      });
    const refused = await exchange('https://other.identity-as-code.test');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: 'access_denied' });
    // The refusal came before the code was used: the app's own origin still exchanges it.
    expect((await exchange('https://app.identity-as-code.test')).status).toBe(200);
  });

  it('serves its login and consent pages unframeable, as Universal Login is by default', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const pages = [
      await authorize(base, codeFlow(spaClientId, CALLBACK, newVerifier())),
      await authorize(
        base,
        codeFlow(spaClientId, LOCALHOST_CALLBACK, newVerifier(), { audience: API_AUDIENCE }),
        tenant.loginAs('auth0|ada'),
      ),
    ];
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      // Another site framing the page could trick the user into clicking Accept (clickjacking).
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
    expect(await pages[1]?.text()).toContain('Accept');
  });

  it('sets an HttpOnly session cookie a browser keeps: SameSite=None; Secure over https and loopback, Lax on other http', async () => {
    const { tenant, spaClientId } = await createTestTenant({ autoLogin: true });
    const params = new URLSearchParams(
      codeFlow(spaClientId, CALLBACK, newVerifier(), { login_hint: 'ada@example.com' }),
    );
    const cookieFrom = async (base: string) =>
      (await tenant.handle(new Request(`${base}/authorize?${params}`))).headers.get('set-cookie') ?? '';
    const https = await cookieFrom(`https://${tenant.domain}`);
    expect(https).toMatch(/^auth0=[\w-]+;/);
    expect(https).toContain('HttpOnly');
    expect(https).toContain('SameSite=None; Secure');
    // Persistent, as Auth0's cookie is by default: kept across a browser restart for the session's 3 days.
    expect(https).toContain('Max-Age=259200');
    // What `npm start` serves: loopback counts as secure, so the cookie is Auth0's SameSite=None one,
    // which a silent login in an iframe from the app's other origin needs (localhost vs 127.0.0.1).
    const loopback = await cookieFrom('http://127.0.0.1:4000');
    expect(loopback).toContain('HttpOnly');
    expect(loopback).toContain('SameSite=None; Secure');
    // Plain http anywhere else: browsers refuse `SameSite=None` without `Secure`, so Lax.
    const plain = await cookieFrom('http://tenant.example.test');
    expect(plain).toContain('SameSite=Lax');
    expect(plain).not.toContain('Secure');
  });
});
