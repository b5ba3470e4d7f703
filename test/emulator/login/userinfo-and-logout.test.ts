import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { CLAIM_NAMESPACE } from '../../../claims/index.ts';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams } from './oauth-calls.ts';

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

describe('userinfo, default audience and OIDC logout', () => {
  it('/userinfo takes an API access token whose audience includes it, and answers what its scopes allow', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      scope: 'openid profile',
      user: 'auth0|ada',
    });
    const answer = await fetch(`${base}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const profile = await answer.json();
    expect(profile).toMatchObject({ sub: 'auth0|ada', name: 'Ada Lovelace', nickname: 'ada' });
    expect(profile.email).toBeUndefined();
  });

  it('Auth0 answers /userinfo with the custom claims the Actions set on the ID token', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      scope: 'openid profile',
      user: 'auth0|ada',
    });
    const idClaims = decodeJwt(tokens.id_token ?? '');
    const userMetadataClaim = `${CLAIM_NAMESPACE}user_metadata`;
    expect(idClaims[userMetadataClaim]).toBeDefined();
    const answer = await fetch(`${base}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const profile = await answer.json();
    expect(profile[userMetadataClaim]).toEqual(idClaims[userMetadataClaim]);
    // Access-token claims (app_metadata) are not the ID token's, so /userinfo does not show them.
    const accessOnly = Object.keys(decodeJwt(tokens.access_token)).filter(
      (name) => name.startsWith(CLAIM_NAMESPACE) && !(name in idClaims),
    );
    expect(accessOnly.length).toBeGreaterThan(0);
    for (const name of accessOnly) expect(profile[name]).toBeUndefined();
  });

  it("a login without audience gets a token for the tenant's default audience", async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    tenant.state.settings.default_audience = API_AUDIENCE;
    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      user: 'auth0|ada',
    });
    expect(decodeJwt(tokens.access_token).aud).toEqual([API_AUDIENCE, `${base}/userinfo`]);
  });

  it('/oidc/logout takes the ID token as hint, ends the session and returns with the state', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    tenant.state.clients.forEach((client) => {
      if (client.client_id === spaClientId)
        client.allowed_logout_urls = ['https://app.identity-as-code.test/bye'];
    });
    const cookie = tenant.loginAs('auth0|ada');
    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      user: 'auth0|ada',
      cookie,
    });
    const logout = new URL(`${base}/oidc/logout`);
    logout.search = new URLSearchParams({
      id_token_hint: tokens.id_token ?? '',
      post_logout_redirect_uri: 'https://app.identity-as-code.test/bye',
      state: 'xyz',
    }).toString();
    const out = await fetch(logout, { redirect: 'manual', headers: { cookie } });
    expect(out.headers.get('location')).toBe('https://app.identity-as-code.test/bye?state=xyz');
    const silent = codeFlow(spaClientId, CALLBACK, newVerifier(), { prompt: 'none' });
    expect(redirectParams(await authorize(base, silent, cookie)).get('error')).toBe('login_required');

    const forged = `${tokens.id_token?.slice(0, -4)}AAAA`;
    const refused = await fetch(`${base}/oidc/logout?id_token_hint=${forged}`, { redirect: 'manual' });
    expect(refused.status).toBe(400);
  });
});
