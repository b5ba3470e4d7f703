import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { ADA, CALLBACK, createTestTenant } from './local-tenant-fixture.ts';

// Every route "Get Management API Access Tokens for Single-Page Applications" opens to a user's own
// Management API token: its enrollments, account linking and unlinking, device credentials and
// (per the page's older revision) the multifactor reset, each good for the token's own user only.

const ALL_CURRENT_USER_SCOPES =
  'openid email read:current_user update:current_user_metadata delete:current_user_metadata create:current_user_metadata create:current_user_device_credentials delete:current_user_device_credentials update:current_user_identities';
const CAROL = { user_id: 'auth0|carol', email: 'carol@example.com', name: 'Carol' };

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const setup = async () => {
  const test = await createTestTenant({ autoLogin: true });
  test.tenant.seedUsers([CAROL]);
  inProcess = useFakeTenantInProcess(test.tenant);
  const login = (user: string, scope = ALL_CURRENT_USER_SCOPES) =>
    loginHeadless({
      baseUrl: test.base,
      clientId: test.spaClientId,
      redirectUri: CALLBACK,
      audience: test.tenant.context.managementAudience,
      scope,
      user,
    }).then((done) => done.tokens);
  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${test.base}/api/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const adminToken = async () => {
    test.tenant.state.clientGrants.push({
      id: 'cgr_admin',
      client_id: test.m2mClientId,
      audience: test.tenant.context.managementAudience,
      scope: ['read:users', 'update:users', 'read:device_credentials'],
    });
    const answer = await fetch(`${test.base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: test.m2mClientId,
        client_secret: test.m2mSecret,
        audience: test.tenant.context.managementAudience,
      }),
    });
    return ((await answer.json()) as { access_token: string }).access_token;
  };
  const user = (id: string) => test.tenant.state.users.find((candidate) => candidate.user_id === id);
  return { ...test, login, call, adminToken, user };
};

const ada = `/users/${encodeURIComponent(ADA.user_id ?? '')}`;
const bob = `/users/${encodeURIComponent('auth0|bob')}`;

const forbidden = (scope: string) => ({
  statusCode: 403,
  error: 'Forbidden',
  message: `Insufficient scope, expected any of: ${scope}`,
  errorCode: 'insufficient_scope',
});

describe("a user's own Management API token", () => {
  it('Auth0 lets a user read their own MFA enrollments and reset their own Duo, never another user’s', async () => {
    const { login, call, user } = await setup();
    const factors = [
      { type: 'otp' },
      { type: 'phone', options: { phone_number: '+44 7700 900123' } },
      { type: 'duo' },
    ];
    Object.assign(user(ADA.user_id ?? '') ?? {}, {
      enrolledFactors: factors,
      multifactor: ['guardian', 'duo'],
    });
    const { access_token: token } = await login(ADA.email ?? '');

    const enrollments = await call(token, 'GET', `${ada}/enrollments`);
    expect(enrollments.status).toBe(200);
    expect(await enrollments.json()).toEqual([
      {
        id: expect.stringMatching(/^dev_/),
        status: 'confirmed',
        type: 'authenticator',
        auth_method: 'authenticator',
      },
      {
        id: expect.stringMatching(/^dev_/),
        status: 'confirmed',
        type: 'sms',
        auth_method: 'sms',
        phone_number: '+44 7700 900123',
      },
    ]);
    const bobs = await call(token, 'GET', `${bob}/enrollments`);
    expect(bobs.status).toBe(403);
    expect(await bobs.json()).toEqual(forbidden('read:users'));

    expect((await call(token, 'DELETE', `${bob}/multifactor/duo`)).status).toBe(403);
    expect((await call(token, 'DELETE', `${ada}/multifactor/duo`)).status).toBe(204);
    expect(user(ADA.user_id ?? '')).toMatchObject({ multifactor: ['guardian'] });
    expect(user(ADA.user_id ?? '')?.enrolledFactors?.map((factor) => factor.type)).toEqual(['otp', 'phone']);
    expect((await call(token, 'DELETE', `${ada}/multifactor/okta`)).status).toBe(400);
  });

  it('Auth0 lets a user register and remove their own device keys, never another user’s', async () => {
    const { login, call, adminToken, spaClientId } = await setup();
    const key = {
      device_name: 'Ada’s phone',
      type: 'public_key',
      value: 'MIIBIjANBg-public-key',
      device_id: 'phone-1',
    };
    const adas = (await login(ADA.email ?? '')).access_token;
    const bobs = (await login('bob@example.com')).access_token;

    const created = await call(adas, 'POST', '/device-credentials', key);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const bobsKey = (await (await call(bobs, 'POST', '/device-credentials', key)).json()) as { id: string };

    const listed = await call(
      await adminToken(),
      'GET',
      `/device-credentials?user_id=${encodeURIComponent(ADA.user_id ?? '')}`,
    );
    expect(await listed.json()).toEqual([
      {
        id,
        device_name: key.device_name,
        device_id: 'phone-1',
        type: 'public_key',
        user_id: ADA.user_id,
        client_id: spaClientId,
      },
    ]);
    expect((await call(adas, 'GET', '/device-credentials')).status).toBe(403);
    expect((await call(adas, 'POST', '/device-credentials', { ...key, type: 'refresh_token' })).status).toBe(
      400,
    );

    const refused = await call(adas, 'DELETE', `/device-credentials/${bobsKey.id}`);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual(forbidden('delete:device_credentials'));
    expect((await call(adas, 'DELETE', `/device-credentials/${id}`)).status).toBe(204);
    const left = await call(await adminToken(), 'GET', '/device-credentials');
    expect(((await left.json()) as Array<{ id: string }>).map((credential) => credential.id)).toEqual([
      bobsKey.id,
    ]);
  });

  it('Auth0 links a second account into the user with that account’s ID token, and unlinks it', async () => {
    const { login, call, user, tenant } = await setup();
    const adas = (await login(ADA.email ?? '')).access_token;
    const carolsIdToken = (await login(CAROL.email)).id_token ?? '';

    // Only with the proof of the second account, and only into the token's own user.
    expect(
      (await call(adas, 'POST', `${ada}/identities`, { provider: 'auth0', user_id: 'carol' })).status,
    ).toBe(403);
    expect((await call(adas, 'POST', `${bob}/identities`, { link_with: carolsIdToken })).status).toBe(403);
    expect((await call(adas, 'POST', `${ada}/identities`, { link_with: `${carolsIdToken}x` })).status).toBe(
      400,
    );

    const linked = await call(adas, 'POST', `${ada}/identities`, { link_with: carolsIdToken });
    expect(linked.status).toBe(201);
    expect(await linked.json()).toEqual([
      expect.objectContaining({ provider: 'auth0', user_id: 'ada' }),
      expect.objectContaining({
        provider: 'auth0',
        user_id: 'carol',
        profileData: expect.objectContaining({ email: CAROL.email, name: 'Carol' }),
      }),
    ]);
    expect(user(CAROL.user_id)).toBeUndefined();
    // Logging in with the linked account is logging in as the user it was linked into.
    const asCarol = await login(CAROL.email, 'openid');
    expect(JSON.parse(Buffer.from(asCarol.id_token?.split('.')[1] ?? '', 'base64url').toString()).sub).toBe(
      ADA.user_id,
    );

    expect((await call(adas, 'DELETE', `${bob}/identities/auth0/bob`)).status).toBe(403);
    expect((await call(adas, 'DELETE', `${ada}/identities/auth0/ada`)).status).toBe(400);
    const unlinked = await call(adas, 'DELETE', `${ada}/identities/auth0/carol`);
    expect(unlinked.status).toBe(200);
    expect(
      ((await unlinked.json()) as Array<{ user_id: string }>).map((identity) => identity.user_id),
    ).toEqual(['ada']);
    expect(user(CAROL.user_id)).toMatchObject({
      email: CAROL.email,
      identities: [{ provider: 'auth0', user_id: 'carol' }],
    });
    expect(tenant.state.users).toHaveLength(3);
  });

  it('Auth0 answers a single-page app’s Management API call from an origin the tenant’s apps list, with only Authorization and Content-Type', async () => {
    const { base } = await setup();
    const preflight = (origin: string, headers: string) =>
      fetch(`${base}/api/v2${ada}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': headers,
        },
      });
    const allowed = await preflight('https://app.identity-as-code.test', 'authorization,content-type');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.identity-as-code.test');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase().split(',')).toEqual([
      'content-type',
      'authorization',
    ]);
    const foreign = await preflight('https://evil.example', 'authorization');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    const read = await fetch(`${base}/api/v2${ada}`, {
      headers: { origin: 'https://app.identity-as-code.test' },
    });
    expect(read.status).toBe(401);
    expect(read.headers.get('access-control-allow-origin')).toBe('https://app.identity-as-code.test');
  });

  it('Auth0 lets a server link any two users by provider and user id with update:users', async () => {
    const { call, adminToken, user } = await setup();
    const linked = await call(await adminToken(), 'POST', `${ada}/identities`, {
      provider: 'auth0',
      user_id: 'bob',
    });
    expect(linked.status).toBe(201);
    expect(user('auth0|bob')).toBeUndefined();
    expect(user(ADA.user_id ?? '')?.identities.map((identity) => identity.user_id)).toEqual(['ada', 'bob']);
    expect(
      (await call(await adminToken(), 'POST', `${ada}/identities`, { provider: 'auth0', user_id: 'nobody' }))
        .status,
    ).toBe(404);
  });
});
