import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { createLocalTenant } from '../../../emulator/tenant/local-tenant.ts';
import { callApi, managementCaller, managementToken } from './call.ts';

describe('fake tenant: access and routing', () => {
  it('refuses Management API calls without a valid bearer token', async () => {
    const tenant = createFakeTenant();
    expect((await callApi(tenant, undefined, 'GET', '/clients')).status).toBe(401);
    const forged = await callApi(tenant, 'eyJhbGciOiJIUzI1NiJ9.e30.x', 'GET', '/clients');
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: 'Invalid token' });
  });

  it('refuses the client-credentials grant with a wrong secret', async () => {
    const tenant = createFakeTenant();
    const response = await tenant.handle(
      new Request(`https://${tenant.domain}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: tenant.deployClient.client_id,
          client_secret: 'wrong',
          audience: `https://${tenant.domain}/api/v2/`,
        }),
      }),
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'access_denied' });
  });

  it('expires its tokens with the tenant clock', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const tenant = createFakeTenant({ clock: () => now });
    const token = await managementToken(tenant);
    expect((await callApi(tenant, token, 'GET', '/clients')).status).toBe(200);
    now += 25 * 3600 * 1000;
    const late = await callApi(tenant, token, 'GET', '/clients');
    expect(late.status).toBe(401);
    expect(late.body.message).toBe('Expired token');
  });

  it('answers unknown routes with a 404 in Auth0 error shape and logs every request', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    expect((await call('GET', '/users/%E0%A4%A')).status).toBe(404);
    const answer = await call('GET', '/no-such-thing');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ statusCode: 404, error: 'Not Found', errorCode: 'not_found' });
    expect(tenant.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'POST /oauth/token 200',
      'GET /api/v2/users/%E0%A4%A 404',
      'GET /api/v2/no-such-thing 404',
    ]);
  });

  it('advertises its rate limit and answers 429 once a second is spent', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const tenant = createFakeTenant({ clock: () => now, rateLimitPerSecond: 3 });
    const call = await managementCaller(tenant);
    const first = await call('GET', '/clients');
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    await call('GET', '/clients');
    const limited = await call('GET', '/clients');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBe(now / 1000 + 1);
  });

  it('answers malformed JSON with a 400, on the Management API and the token endpoint', async () => {
    const tenant = createFakeTenant();
    const token = await managementToken(tenant);
    const patch = await tenant.handle(
      new Request(`https://${tenant.domain}/api/v2/tenants/settings`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: '{"friendly_name": ',
      }),
    );
    expect(patch.status).toBe(400);
    expect(await patch.json()).toMatchObject({ errorCode: 'invalid_body' });
    const grant = await tenant.handle(
      new Request(`https://${tenant.domain}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{',
      }),
    );
    expect(grant.status).toBe(400);
  });

  it('answers the login endpoints only on a local tenant; the Management API grant on both', async () => {
    const tenant = createFakeTenant({ domain: 'plain.auth0.test' });
    const authorize = await tenant.handle(new Request('https://plain.auth0.test/authorize'));
    expect(authorize.status).toBe(404);
    expect(await authorize.json()).toMatchObject({ statusCode: 404, errorCode: 'not_found' });
    const code = await tenant.handle(
      new Request('https://plain.auth0.test/oauth/token', {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'authorization_code', code: 'abc' }),
      }),
    );
    expect(code.status).toBe(400);
    expect(await code.json()).toMatchObject({ error: 'unsupported_grant_type' });

    const local = await createLocalTenant({ domain: 'local.auth0.test' });
    const discovery = await local.handle(
      new Request('https://local.auth0.test/.well-known/openid-configuration'),
    );
    expect(await discovery.json()).toMatchObject({ issuer: 'https://local.auth0.test/' });
    expect(await managementToken(local)).toMatch(/^ey/);
    expect(local.requests.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
      'GET /.well-known/openid-configuration 200',
      'POST /oauth/token 200',
    ]);
  });
});
