import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, seedUsers, useApiUnderTest } from './support/api-under-test.ts';
import { BOTH_SCOPES, TEST_AUDIENCE, TEST_ISSUER } from './support/token-minter.ts';

// Every way one user might change another user's data, or a token might be made up: each is refused,
// and Bob's record stays exactly as seeded.

const { server, build } = useApiUnderTest();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const PATCH = { preferences: { language: 'fr-CA' } };
const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const inTenMinutes = () => Math.floor(Date.now() / 1000) + 600;

describe('a user can only ever change their own preferences', () => {
  it("ignores another user's id in the path or the query: no route, or the caller's own record", async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    const request = (path: string) =>
      api.app.request(path, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(PATCH),
      });
    expect((await request(`/users/${encodeURIComponent(BOB)}/preferences`)).status).toBe(404);
    expect((await request(`/me/preferences/${encodeURIComponent(BOB)}`)).status).toBe(404);
    expect((await request(`/me/preferences?user_id=${encodeURIComponent(BOB)}`)).status).toBe(200);
    expect(api.user(BOB)).toEqual(seedUsers()[BOB]);
    expect(api.user(ALICE)?.user_metadata.preferences).toMatchObject({ language: 'fr-CA' });
  });

  it.each([
    ['user_id', { user_id: BOB, ...PATCH }],
    ['sub', { sub: BOB, ...PATCH }],
  ])('refuses another user id in the body (%s)', async (field, body) => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    const response = await api.call('PATCH', token, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'unknown_field', field });
    expect(api.user(BOB)).toEqual(seedUsers()[BOB]);
  });

  const attacks: [string, (api: Awaited<ReturnType<typeof build>>) => Promise<string>][] = [
    [
      'a token re-signed after its sub was changed',
      async (api) => {
        const [header, , signature] = (
          await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES })
        ).split('.');
        const payload = {
          iss: TEST_ISSUER,
          aud: TEST_AUDIENCE,
          sub: BOB,
          scope: BOTH_SCOPES,
          exp: inTenMinutes(),
        };
        return `${header}.${base64url(payload)}.${signature}`;
      },
    ],
    [
      "a token forged with another key under the tenant key's kid",
      async () => {
        const { privateKey } = await generateKeyPair('RS256');
        return new SignJWT({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: BOB, scope: BOTH_SCOPES })
          .setProtectedHeader({ alg: 'RS256', kid: 'test-key-1' })
          .setExpirationTime('10m')
          .sign(privateKey);
      },
    ],
    [
      'a token for another audience',
      (api) => api.minter.accessToken({ sub: BOB, scope: BOTH_SCOPES, aud: 'https://other.api/' }),
    ],
    [
      'a Management API token',
      (api) => api.minter.accessToken({ sub: BOB, scope: BOTH_SCOPES, aud: 'https://tenant.test/api/v2/' }),
    ],
    [
      'a token from another issuer',
      (api) => api.minter.accessToken({ sub: BOB, scope: BOTH_SCOPES, iss: 'https://evil.test/' }),
    ],
    [
      'an unsigned token (alg: none)',
      async () =>
        `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: BOB, scope: BOTH_SCOPES, exp: inTenMinutes() })}.`,
    ],
    [
      'an HS256 token keyed with the public key',
      async (api) =>
        new SignJWT({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, sub: BOB, scope: BOTH_SCOPES })
          .setProtectedHeader({ alg: 'HS256', kid: 'test-key-1' })
          .setExpirationTime('10m')
          .sign(new TextEncoder().encode(api.minter.publicKeyPem)),
    ],
    [
      'an expired token',
      (api) =>
        api.minter.accessToken(
          { sub: BOB, scope: BOTH_SCOPES },
          { expiresIn: Math.floor(Date.now() / 1000) - 60 },
        ),
    ],
    [
      'a token without exp',
      async (api) => {
        const { exp: _exp, ...rest } = JSON.parse(
          Buffer.from(
            (await api.minter.accessToken({ sub: BOB })).split('.')[1] ?? '',
            'base64url',
          ).toString(),
        );
        return `${base64url({ alg: 'RS256', kid: 'test-key-1' })}.${base64url(rest)}.x`;
      },
    ],
    ['no token at all', async () => ''],
  ];

  it.each(attacks)('refuses %s with 401 and changes nobody', async (_name, makeToken) => {
    const api = await build();
    const token = await makeToken(api);
    const response = await api.call('PATCH', token === '' ? undefined : token, PATCH);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    expect(response.headers.get('www-authenticate')).toContain('invalid_token');
    expect(api.user(BOB)).toEqual(seedUsers()[BOB]);
    expect(api.user(ALICE)).toEqual(seedUsers()[ALICE]);
  });
});

describe('a sub that is not a user id', () => {
  it.each(['.', '..'])(
    'refuses sub %j with 401 before it can reach another Management API path',
    async (sub) => {
      const api = await build();
      const token = await api.minter.accessToken({ sub, scope: BOTH_SCOPES });
      for (const method of ['GET', 'PATCH']) {
        const response = await api.call(method, token, method === 'PATCH' ? PATCH : undefined);
        expect(response.status).toBe(401);
      }
      expect(api.tenant.requests.filter((request) => request.path.startsWith('/api/v2/'))).toEqual([]);
    },
  );
});
