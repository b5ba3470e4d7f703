import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { FIXTURE_NAMESPACE as CLAIM_NAMESPACE } from '../../fixtures/claims-app/contract.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant } from './local-tenant-fixture.ts';

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const STANDARD_ID_CLAIMS = [
  'iss',
  'sub',
  'aud',
  'iat',
  'exp',
  'nonce',
  'sid',
  'name',
  'nickname',
  'picture',
  'updated_at',
  'email',
  'email_verified',
];
const STANDARD_ACCESS_CLAIMS = ['iss', 'sub', 'aud', 'iat', 'exp', 'scope', 'azp'];

describe('a full login through the local tenant', () => {
  it("yields signed tokens carrying exactly the claim contract's claims", async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const login = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      scope: 'openid profile email offline_access read:preferences delete:everything',
      user: 'ada@example.com',
    });
    const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    const { tokens } = login;

    const id = await jwtVerify(tokens.id_token ?? '', jwks, {
      issuer: `${base}/`,
      audience: spaClientId,
      algorithms: ['RS256'],
    });
    expect(decodeProtectedHeader(tokens.id_token ?? '')).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: tenant.login.state.keys.kid,
    });
    expect(id.payload).toMatchObject({
      sub: 'auth0|ada',
      nonce: login.nonce,
      email: 'ada@example.com',
      name: 'Ada Lovelace',
    });
    expect(Object.keys(id.payload).filter((claim) => !STANDARD_ID_CLAIMS.includes(claim))).toEqual([
      `${CLAIM_NAMESPACE}user_metadata`,
    ]);
    expect(id.payload[`${CLAIM_NAMESPACE}user_metadata`]).toEqual({
      preferences: { language: 'en-GB', theme: 'dark' },
      display_name: 'Ada L.',
    });

    const access = await jwtVerify(tokens.access_token, jwks, {
      issuer: `${base}/`,
      audience: API_AUDIENCE,
      algorithms: ['RS256'],
    });
    expect(access.payload.aud).toEqual([API_AUDIENCE, `${base}/userinfo`]);
    expect(access.payload).toMatchObject({ sub: 'auth0|ada', azp: spaClientId });
    // Scopes the API does not define are dropped, as Auth0 drops them.
    expect(access.payload.scope).toBe('openid profile email offline_access read:preferences');
    expect(Object.keys(access.payload).filter((claim) => !STANDARD_ACCESS_CLAIMS.includes(claim))).toEqual([
      `${CLAIM_NAMESPACE}app_metadata`,
    ]);
    expect(access.payload[`${CLAIM_NAMESPACE}app_metadata`]).toEqual({
      tenant_id: 'acme',
      roles: ['editor'],
      plan: 'pro',
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tenant.state.users.find((user) => user.user_id === 'auth0|ada')?.logins_count).toBe(1);
  });

  it('without an API audience gives an opaque access token that /userinfo accepts', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      user: 'auth0|ada',
      scope: 'openid email',
    });
    expect(tokens.access_token.split('.')).toHaveLength(1);
    const userinfo = await fetch(`${base}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    // Auth0's /userinfo also answers the custom claims the Actions put on the login's ID token.
    const custom = Object.fromEntries(
      Object.entries(decodeJwt(tokens.id_token ?? '')).filter(([name]) => name.startsWith(CLAIM_NAMESPACE)),
    );
    expect(Object.keys(custom).length).toBeGreaterThan(0);
    expect(await userinfo.json()).toEqual({
      ...custom,
      sub: 'auth0|ada',
      email: 'ada@example.com',
      email_verified: true,
    });
    const refused = await fetch(`${base}/userinfo`, { headers: { authorization: 'Bearer made-up' } });
    expect(refused.status).toBe(401);
  });

  it("publishes a discovery document whose endpoints are the tenant's", async () => {
    const { tenant, base } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const discovery = await (await fetch(`${base}/.well-known/openid-configuration`)).json();
    expect(discovery).toMatchObject({
      issuer: `${base}/`,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/oauth/token`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      code_challenge_methods_supported: ['S256'],
    });
  });
});
