import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { FIXTURE_NAMESPACE as CLAIM_NAMESPACE } from '../../fixtures/claims-app/contract.ts';
import { managementCaller } from '../tenant/call.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams, token } from './oauth-calls.ts';

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const ID_CLAIM = `${CLAIM_NAMESPACE}user_metadata`;
const DAY_MS = 24 * 3600 * 1000;

// Denies suspended users and stamps every run into app_metadata, so a test sees both the deny and
// that metadata writes are saved even when the login is denied.
const GATEKEEPER = `exports.onExecutePostLogin = async (event, api) => {
  api.user.setAppMetadata('runs', (event.user.app_metadata.runs || 0) + 1);
  if (event.user.app_metadata.suspended === true) api.access.deny('Account suspended');
};`;

const start = async (options: Parameters<typeof createTestTenant>[0] = {}) => {
  const fixture = await createTestTenant(options);
  inProcess = useFakeTenantInProcess(fixture.tenant);
  const login = (user = 'ada@example.com') =>
    loginHeadless({
      baseUrl: fixture.base,
      clientId: fixture.spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user,
    });
  const refresh = (refreshToken: string) =>
    token(fixture.base, {
      grant_type: 'refresh_token',
      client_id: fixture.spaClientId,
      refresh_token: refreshToken,
    });
  return { ...fixture, login, refresh };
};

describe('refresh tokens', () => {
  it('re-run the Actions, so metadata changed through the Management API reaches the new ID token', async () => {
    const { tenant, base, spaClientId, login, refresh } = await start();
    const { tokens } = await login();
    const patch = await (await managementCaller(tenant))(
      'PATCH',
      `/users/${encodeURIComponent('auth0|ada')}`,
      {
        user_metadata: { preferences: { language: 'fr-CA' } },
      },
    );
    expect(patch.status).toBe(200);

    const refreshed = await refresh(tokens.refresh_token ?? '');
    expect(refreshed.status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    const id = await jwtVerify(refreshed.body.id_token, jwks, { issuer: `${base}/`, audience: spaClientId });
    // Top-level merge: `preferences` was replaced whole, `display_name` kept.
    expect(id.payload[ID_CLAIM]).toEqual({ preferences: { language: 'fr-CA' }, display_name: 'Ada L.' });
    expect(id.payload.nonce).toBeUndefined();
    await jwtVerify(refreshed.body.access_token, jwks, { issuer: `${base}/`, audience: API_AUDIENCE });
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
  });

  it('accept JSON bodies as well as form-encoded ones', async () => {
    const { base, spaClientId, login } = await start();
    const { tokens } = await login();
    const answer = await token(
      base,
      { grant_type: 'refresh_token', client_id: spaClientId, refresh_token: tokens.refresh_token ?? '' },
      'json',
    );
    expect(answer.status).toBe(200);
  });

  it('may narrow the scopes, and drop ones never granted instead of failing', async () => {
    const { base, spaClientId, login } = await start();
    const { tokens } = await login();
    const answer = await token(base, {
      grant_type: 'refresh_token',
      client_id: spaClientId,
      refresh_token: tokens.refresh_token ?? '',
      scope: 'openid email delete:everything',
    });
    expect(answer.status).toBe(200);
    expect(answer.body.scope).toBe('openid email');
  });

  it("stop working after the client's absolute refresh token lifetime", async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const fixture = await start({ clock: () => now });
    const { refresh } = fixture;
    const { tokens } = await fixture.login('auth0|ada');
    // Used every 10 days, so the 15-day idle lifetime never ends it; the 30-day absolute one does.
    let current = tokens.refresh_token ?? '';
    for (const _ of [1, 2]) {
      now += 10 * DAY_MS;
      const answer = await refresh(current);
      expect(answer.status).toBe(200);
      current = answer.body.refresh_token;
    }
    now += 9 * DAY_MS;
    const late = await refresh(current);
    expect(late.status).toBe(200);
    now += 2 * DAY_MS;
    expect((await refresh(late.body.refresh_token)).body.error).toBe('invalid_grant');
  });

  it("stop working when left unused longer than the client's idle lifetime", async () => {
    let now = Date.parse('2026-03-01T00:00:00Z');
    const fixture = await start({ clock: () => now });
    const { refresh } = fixture;
    const spa = fixture.tenant.state.clients.find((client) => client.client_id === fixture.spaClientId);
    // As tenant/tenant.yaml configures our SPA: 30 days absolute, 15 days idle.
    if (spa) spa.refresh_token = { ...Object(spa.refresh_token), idle_token_lifetime: 15 * 24 * 3600 };
    const { tokens } = await fixture.login('auth0|ada');
    now += 14 * DAY_MS;
    const used = await refresh(tokens.refresh_token ?? '');
    expect(used.status).toBe(200);
    // Still inside the 30-day absolute lifetime (day 29), but unused for 15 days and a second.
    now += 15 * DAY_MS + 1000;
    expect(await refresh(used.body.refresh_token)).toMatchObject({
      status: 403,
      body: { error: 'invalid_grant' },
    });
  });

  it('are not issued to a browser when the client does not rotate them, as Auth0 refuses by default', async () => {
    const { tenant, base, spaClientId } = await start();
    const spa = tenant.state.clients.find((client) => client.client_id === spaClientId);
    if (spa) spa.refresh_token = { rotation_type: 'non-rotating', expiration_type: 'non-expiring' };
    const exchange = async (headers: Record<string, string>) => {
      const verifier = newVerifier();
      const code = redirectParams(
        await authorize(base, codeFlow(spaClientId, CALLBACK, verifier), tenant.loginAs('auth0|ada')),
      ).get('code');
      const response = await fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: spaClientId,
          code: code ?? '',
          code_verifier: verifier,
          redirect_uri: CALLBACK,
        }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as Record<string, unknown>;
    };
    // A browser (it sends Origin) gets its tokens but no refresh token: spa-js then reports
    // missing_refresh_token, as it would against Auth0.
    const fromBrowser = await exchange({ origin: 'https://app.identity-as-code.test' });
    expect(fromBrowser.access_token).toEqual(expect.any(String));
    expect(fromBrowser.refresh_token).toBeUndefined();
    expect((await exchange({})).refresh_token).toEqual(expect.any(String));
  });

  it('reused after rotation revokes the whole family', async () => {
    const { login, refresh } = await start();
    const { tokens } = await login();
    const first = tokens.refresh_token ?? '';
    const second = (await refresh(first)).body.refresh_token;
    const reuse = await refresh(first);
    expect(reuse).toMatchObject({
      status: 403,
      body: { error: 'invalid_grant', error_description: 'Unknown or invalid refresh token.' },
    });
    expect((await refresh(second)).body.error).toBe('invalid_grant');
  });

  it("Auth0 lets the token just rotated be reused within the client's reuse interval (leeway)", async () => {
    let now = Date.parse('2026-03-01T09:00:00Z');
    const { tenant, spaClientId, login, refresh } = await start({ clock: () => now });
    const spa = tenant.state.clients.find((client) => client.client_id === spaClientId);
    if (spa?.refresh_token) spa.refresh_token.leeway = 30;
    const first = (await login()).tokens.refresh_token ?? '';
    const second = (await refresh(first)).body.refresh_token;
    // Two tabs refreshing at once: the second presents the token the first has just rotated.
    now += 10_000;
    const concurrent = await refresh(first);
    expect(concurrent.status).toBe(200);
    expect(concurrent.body.refresh_token).toEqual(expect.any(String));
    expect((await refresh(second)).status).toBe(200);
  });

  it("Auth0 revokes the family when a rotated token is reused after the client's reuse interval", async () => {
    let now = Date.parse('2026-03-01T09:00:00Z');
    const { tenant, spaClientId, login, refresh } = await start({ clock: () => now });
    const spa = tenant.state.clients.find((client) => client.client_id === spaClientId);
    if (spa?.refresh_token) spa.refresh_token.leeway = 30;
    const first = (await login()).tokens.refresh_token ?? '';
    const second = (await refresh(first)).body.refresh_token;
    now += 31_000;
    expect((await refresh(first)).body.error).toBe('invalid_grant');
    expect((await refresh(second)).body.error).toBe('invalid_grant');
  });

  it('Auth0 revokes the family when a token older than the one just rotated is reused, even within the interval', async () => {
    const { tenant, spaClientId, login, refresh } = await start();
    const spa = tenant.state.clients.find((client) => client.client_id === spaClientId);
    if (spa?.refresh_token) spa.refresh_token.leeway = 60;
    const first = (await login()).tokens.refresh_token ?? '';
    const second = (await refresh(first)).body.refresh_token;
    const third = (await refresh(second)).body.refresh_token;
    expect((await refresh(first)).body.error).toBe('invalid_grant');
    expect((await refresh(third)).body.error).toBe('invalid_grant');
  });

  it('from another login stays valid when one family is revoked', async () => {
    const { login, refresh } = await start();
    const a = (await login()).tokens.refresh_token ?? '';
    const b = (await login()).tokens.refresh_token ?? '';
    await refresh(a);
    await refresh(a);
    expect((await refresh(b)).status).toBe(200);
  });
});

describe('a deny in a post-login Action', () => {
  it('sends access_denied to the app instead of a code, and still saves the metadata writes', async () => {
    const { tenant, base, spaClientId } = await start();
    deployPostLoginAction(tenant, 'gatekeeper', GATEKEEPER);
    const bob = tenant.state.users.find((user) => user.user_id === 'auth0|bob');
    if (bob) bob.app_metadata.suspended = true;
    const back = redirectParams(
      await authorize(base, codeFlow(spaClientId, CALLBACK, newVerifier()), tenant.loginAs('auth0|bob')),
    );
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('error_description')).toBe('Account suspended');
    expect(back.get('code')).toBeNull();
    expect(bob?.app_metadata.runs).toBe(1);
  });

  it('answers a refresh with access_denied JSON and leaves the refresh token usable', async () => {
    const { tenant, login, refresh } = await start();
    deployPostLoginAction(tenant, 'gatekeeper', GATEKEEPER);
    const { tokens } = await login();
    const ada = tenant.state.users.find((user) => user.user_id === 'auth0|ada');
    if (ada) ada.app_metadata.suspended = true;
    const denied = await refresh(tokens.refresh_token ?? '');
    expect(denied).toMatchObject({
      status: 403,
      body: { error: 'access_denied', error_description: 'Account suspended' },
    });
    if (ada) delete ada.app_metadata.suspended;
    expect((await refresh(tokens.refresh_token ?? '')).status).toBe(200);
    expect(ada?.app_metadata.runs).toBe(3);
  });
});
