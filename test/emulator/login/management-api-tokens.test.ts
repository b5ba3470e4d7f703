import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { ADA, CALLBACK, createTestTenant } from './local-tenant-fixture.ts';

// Every token of the tenant verifies against its JWKS, Management API tokens included; a user's own
// token for the Management API holds only current_user scopes, good for that user alone ("Get
// Management API Access Tokens for Single-Page Applications").

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const setup = async () => {
  const test = await createTestTenant({ autoLogin: true });
  inProcess = useFakeTenantInProcess(test.tenant);
  const { base } = test;
  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${base}/api/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...test, call, jwks: createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`)) };
};

describe('Management API tokens', () => {
  it('Auth0 signs Management API tokens RS256 with the tenant kid, verifiable against its JWKS', async () => {
    const { tenant, base, jwks } = await setup();
    const response = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: tenant.deployClient.client_id,
        client_secret: tenant.deployClient.client_secret,
        audience: tenant.context.managementAudience,
      }),
    });
    const { access_token: token } = await response.json();
    const { keys } = await (await fetch(`${base}/.well-known/jwks.json`)).json();
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'RS256', kid: keys[0].kid });
    const { payload } = await jwtVerify(token, jwks, {
      issuer: `${base}/`,
      audience: tenant.context.managementAudience,
      algorithms: ['RS256'],
    });
    expect(payload).toMatchObject({
      gty: 'client-credentials',
      sub: `${tenant.deployClient.client_id}@clients`,
    });
  });

  it("Auth0 grants an SPA user's Management API token only the current_user scopes, good for that user alone", async () => {
    const { tenant, base, spaClientId, call, jwks } = await setup();
    const login = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: tenant.context.managementAudience,
      scope:
        'openid read:users update:users create:users delete:users read:clients read:client_keys read:current_user update:current_user_metadata',
      user: ADA.email ?? '',
    });
    const token = login.tokens.access_token;
    expect(login.tokens.scope.split(' ').sort()).toEqual(
      ['openid', 'read:current_user', 'update:current_user_metadata'].sort(),
    );
    await jwtVerify(token, jwks, { issuer: `${base}/`, audience: tenant.context.managementAudience });

    const own = `/users/${encodeURIComponent(ADA.user_id ?? '')}`;
    expect((await call(token, 'GET', own)).status).toBe(200);
    const patched = await call(token, 'PATCH', own, { user_metadata: { theme: 'light' } });
    expect(patched.status).toBe(200);
    expect((await patched.json()).user_metadata).toMatchObject({ theme: 'light' });

    const refusals = [
      await call(token, 'GET', `/users/${encodeURIComponent('auth0|bob')}`),
      await call(token, 'PATCH', `/users/${encodeURIComponent('auth0|bob')}`, { user_metadata: { x: 1 } }),
      await call(token, 'PATCH', own, { app_metadata: { plan: 'gold' } }),
      await call(token, 'GET', '/users'),
      await call(token, 'GET', '/clients'),
    ];
    expect(refusals.map((response) => response.status)).toEqual([403, 403, 403, 403, 403]);
    expect(await refusals[0]?.json()).toEqual({
      statusCode: 403,
      error: 'Forbidden',
      message: 'Insufficient scope, expected any of: read:users',
      errorCode: 'insufficient_scope',
    });
    const ada = tenant.state.users.find((user) => user.user_id === ADA.user_id);
    expect(ada?.app_metadata.plan).toBe('pro');
  });
});
