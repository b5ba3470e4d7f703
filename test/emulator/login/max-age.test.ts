import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { CALLBACK, createTestTenant } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams, token } from './oauth-calls.ts';

// Re-authentication: `max_age` limits how old a session may be, and the ID token then says when the
// user authenticated (`auth_time`), which spa-js checks whenever it sent max_age.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const HOUR_MS = 3600 * 1000;

const idTokenOf = async (base: string, spaClientId: string, response: Response, verifier: string) => {
  const exchanged = await token(base, {
    grant_type: 'authorization_code',
    client_id: spaClientId,
    code: redirectParams(response).get('code') ?? '',
    code_verifier: verifier,
    redirect_uri: CALLBACK,
  });
  return decodeJwt(exchanged.body.id_token);
};

describe('max_age and auth_time', () => {
  it('Auth0 issues auth_time when max_age or prompt=login is sent, and only then', async () => {
    let now = Date.parse('2026-03-01T09:00:00Z');
    const { tenant, base, spaClientId } = await createTestTenant({ autoLogin: true, clock: () => now });
    inProcess = useFakeTenantInProcess(tenant);
    const cookie = tenant.loginAs('auth0|ada');
    const authenticatedAt = Math.floor(now / 1000);
    now += 60_000;

    const plain = newVerifier();
    const withoutMaxAge = await idTokenOf(
      base,
      spaClientId,
      await authorize(base, codeFlow(spaClientId, CALLBACK, plain), cookie),
      plain,
    );
    expect(withoutMaxAge.auth_time).toBeUndefined();

    const verifier = newVerifier();
    const withMaxAge = await idTokenOf(
      base,
      spaClientId,
      await authorize(base, codeFlow(spaClientId, CALLBACK, verifier, { max_age: '3600' }), cookie),
      verifier,
    );
    expect(withMaxAge.auth_time).toBe(authenticatedAt);

    const again = newVerifier();
    const forced = await authorize(
      base,
      codeFlow(spaClientId, CALLBACK, again, { prompt: 'login', login_hint: 'ada@example.com' }),
      cookie,
    );
    expect((await idTokenOf(base, spaClientId, forced, again)).auth_time).toBe(Math.floor(now / 1000));
  });

  it('Auth0 makes the user log in again when the session is older than max_age', async () => {
    let now = Date.parse('2026-03-01T09:00:00Z');
    const { tenant, base, spaClientId } = await createTestTenant({ clock: () => now });
    inProcess = useFakeTenantInProcess(tenant);
    const cookie = tenant.loginAs('auth0|ada');
    now += 2 * HOUR_MS;
    const fresh = codeFlow(spaClientId, CALLBACK, newVerifier(), { max_age: '3600' });
    const page = await authorize(base, fresh, cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('pick a seeded user');
    const silent = codeFlow(spaClientId, CALLBACK, newVerifier(), { max_age: '3600', prompt: 'none' });
    expect(redirectParams(await authorize(base, silent, cookie)).get('error')).toBe('login_required');
    const longEnough = codeFlow(spaClientId, CALLBACK, newVerifier(), { max_age: '86400' });
    expect(redirectParams(await authorize(base, longEnough, cookie)).get('code')).toEqual(expect.any(String));
  });
});
