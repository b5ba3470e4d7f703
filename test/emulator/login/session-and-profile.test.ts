import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { callApi, managementToken } from '../tenant/call.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams, token } from './oauth-calls.ts';

// What a login's event carries from the tenant's records, and what the Actions' `api.session` and
// `api.refreshToken` calls change for the logins after it.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const CLAIM = 'https://test.example/';

describe('the stored user on the login event', () => {
  it("Auth0 hands the Action the stored user's given_name, family_name, username, phone, multifactor and last_password_reset", async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    tenant.seedUsers([
      {
        user_id: 'auth0|grace',
        email: 'grace@example.com',
        given_name: 'Grace',
        family_name: 'Hopper',
        username: 'ghopper',
        phone_number: '+15555550100',
        phone_verified: true,
        last_password_reset: '2026-03-01T10:00:00.000Z',
        enrolledFactors: [{ type: 'otp' }, { type: 'sms' }],
      },
    ]);
    deployPostLoginAction(
      tenant,
      'profile',
      `exports.onExecutePostLogin = async (event, api) => {
        const { given_name, family_name, username, phone_number, phone_verified, multifactor, last_password_reset } = event.user;
        api.idToken.setCustomClaim('${CLAIM}profile', { given_name, family_name, username, phone_number, phone_verified, multifactor, last_password_reset });
        api.idToken.setCustomClaim('${CLAIM}bob_keys', event.user.user_id === 'auth0|bob' ? Object.keys(event.user).sort() : null);
      };`,
    );
    const grace = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      user: 'auth0|grace',
    });
    const claims = decodeJwt(grace.tokens.id_token ?? '');
    expect(claims[`${CLAIM}profile`]).toEqual({
      given_name: 'Grace',
      family_name: 'Hopper',
      username: 'ghopper',
      phone_number: '+15555550100',
      phone_verified: true,
      multifactor: ['guardian'],
      last_password_reset: '2026-03-01T10:00:00.000Z',
    });
    // With the profile scope the ID token carries the names, as Auth0's does.
    expect(claims).toMatchObject({ given_name: 'Grace', family_name: 'Hopper' });

    // A user without them has no such keys at all (not undefined, not null).
    const bob = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      user: 'auth0|bob',
    });
    const keys = decodeJwt(bob.tokens.id_token ?? '')[`${CLAIM}bob_keys`] as string[];
    for (const absent of ['given_name', 'family_name', 'username', 'phone_number', 'multifactor'])
      expect(keys).not.toContain(absent);
    // The Management API shows the providers, never the factor records.
    const { body: view } = await callApi(
      tenant,
      await managementToken(tenant),
      'GET',
      '/users/auth0%7Cgrace',
    );
    expect(view.multifactor).toEqual(['guardian']);
    expect(view).not.toHaveProperty('enrolledFactors');
  });
});

describe('what Actions ask of the session and the refresh token', () => {
  it('Auth0 keeps api.session metadata for the next login of the session, and api.session.revoke ends the session and its refresh tokens', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(
      tenant,
      'session-rules',
      `exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim('${CLAIM}seen', event.session.metadata.first_client ?? null);
        if (event.transaction.protocol === 'oauth2-refresh-token') return;
        if (event.session.metadata.first_client) {
          if (event.request.query.end_session === 'yes') api.session.revoke('ended by policy');
          return;
        }
        api.session.setMetadata('first_client', event.client.client_id);
      };`,
    );
    const first = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user: 'auth0|ada',
    });
    expect(decodeJwt(first.tokens.id_token ?? '')[`${CLAIM}seen`]).toBeNull();
    const cookie = first.cookie ?? '';

    const verifier = newVerifier();
    const sso = await authorize(base, codeFlow(spaClientId, CALLBACK, verifier), cookie);
    const code = redirectParams(sso).get('code') ?? '';
    const second = await token(base, {
      grant_type: 'authorization_code',
      client_id: spaClientId,
      code,
      code_verifier: verifier,
      redirect_uri: CALLBACK,
    });
    expect(decodeJwt(second.body.id_token)[`${CLAIM}seen`]).toBe(spaClientId);

    // The session's metadata reaches a refresh-token exchange too.
    const refreshed = await token(base, {
      grant_type: 'refresh_token',
      client_id: spaClientId,
      refresh_token: first.tokens.refresh_token ?? '',
    });
    expect(decodeJwt(refreshed.body.id_token)[`${CLAIM}seen`]).toBe(spaClientId);

    const revoked = await authorize(
      base,
      codeFlow(spaClientId, CALLBACK, newVerifier(), { end_session: 'yes' }),
      cookie,
    );
    expect(redirectParams(revoked).get('error')).toBe('access_denied');
    // The session is gone: the next /authorize shows the login page; its refresh tokens are dead.
    const after = await authorize(base, codeFlow(spaClientId, CALLBACK, newVerifier()), cookie);
    expect(after.status).toBe(200);
    expect(await after.text()).toContain('pick a seeded user');
    const dead = await token(base, {
      grant_type: 'refresh_token',
      client_id: spaClientId,
      refresh_token: refreshed.body.refresh_token,
    });
    expect(dead.status).toBe(403);
  });

  it("Auth0 applies api.refreshToken's metadata and earlier expiry to the token's family", async () => {
    let now = Date.UTC(2026, 5, 1, 8, 0);
    const { tenant, base, spaClientId } = await createTestTenant({ clock: () => now });
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(
      tenant,
      'refresh-rules',
      `exports.onExecutePostLogin = async (event, api) => {
        if (event.transaction.protocol !== 'oauth2-refresh-token') return;
        api.accessToken.setCustomClaim('${CLAIM}exchanges', Number(event.refresh_token.metadata.exchanges ?? 0));
        api.refreshToken.setMetadata('exchanges', String(Number(event.refresh_token.metadata.exchanges ?? 0) + 1));
        api.refreshToken.setExpiresAt(Date.UTC(2026, 5, 1, 9, 0));
      };`,
    );
    const login = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user: 'auth0|ada',
    });
    const refresh = async (refreshToken: string) =>
      token(base, { grant_type: 'refresh_token', client_id: spaClientId, refresh_token: refreshToken });
    const one = await refresh(login.tokens.refresh_token ?? '');
    expect(decodeJwt(one.body.access_token)[`${CLAIM}exchanges`]).toBe(0);
    const two = await refresh(one.body.refresh_token);
    expect(decodeJwt(two.body.access_token)[`${CLAIM}exchanges`]).toBe(1);

    // The client allows 30 days; the Action cut the family's life to 09:00.
    now = Date.UTC(2026, 5, 1, 9, 0, 1);
    const late = await refresh(two.body.refresh_token);
    expect(late.status).toBe(403);
    expect(late.body.error).toBe('invalid_grant');
  });
});

describe('the session cookie', () => {
  it('Auth0 keeps the session cookie across browser restarts by default, and drops that after api.session.setCookieMode non-persistent', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(
      tenant,
      'cookie-mode',
      `exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim('${CLAIM}cookie', event.session.cookie.mode);
        if (event.request.query.shared_device === 'yes') api.session.setCookieMode('non-persistent');
      };`,
    );
    // The login page's cookie: persistent, for the session's 3-day lifetime.
    const first = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      user: 'auth0|bob',
    });
    expect(decodeJwt(first.tokens.id_token ?? '')[`${CLAIM}cookie`]).toBe('persistent');
    const cookie = first.cookie ?? '';

    const shared = await authorize(
      base,
      codeFlow(spaClientId, CALLBACK, newVerifier(), { shared_device: 'yes' }),
      cookie,
    );
    expect(redirectParams(shared).get('code')).toBeTruthy();
    const reissued = shared.headers.get('set-cookie') ?? '';
    expect(reissued).toContain(cookie);
    expect(reissued).not.toContain('Max-Age');

    const verifier = newVerifier();
    const next = await authorize(base, codeFlow(spaClientId, CALLBACK, verifier), cookie);
    const tokens = await token(base, {
      grant_type: 'authorization_code',
      client_id: spaClientId,
      code: redirectParams(next).get('code') ?? '',
      code_verifier: verifier,
      redirect_uri: CALLBACK,
    });
    expect(decodeJwt(tokens.body.id_token)[`${CLAIM}cookie`]).toBe('non-persistent');
  });
});
