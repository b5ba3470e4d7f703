import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, BOB, seedUsers, useApiUnderTest } from './support/api-under-test.ts';
import { BOTH_SCOPES } from './support/token-minter.ts';

const { server, build } = useApiUnderTest();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('GET /me/preferences', () => {
  it("returns the caller's own editable fields, and nothing else from their profile", async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: 'read:preferences' });
    const response = await api.call('GET', token);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ preferences: { language: 'en-GB', theme: 'dark' } });
  });

  it('tells every cache not to keep the answer, refusals included', async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: 'read:preferences' });
    for (const response of [await api.call('GET', token), await api.call('GET', undefined)]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('refuses a token without read:preferences with 403', async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: 'openid update:preferences' });
    const response = await api.call('GET', token);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('scope="read:preferences"');
  });
});

describe('PATCH /me/preferences', () => {
  it('changes one field and keeps every other key of user_metadata and the group', async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    const response = await api.call('PATCH', token, {
      preferences: { language: 'fr-CA' },
      display_name: 'Alice',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      preferences: { language: 'fr-CA', theme: 'dark' },
      display_name: 'Alice',
    });
    expect(api.user(ALICE)).toEqual({
      user_metadata: {
        preferences: { language: 'fr-CA', theme: 'dark', beta_opt_in: true },
        favourite: 'tea',
        display_name: 'Alice',
      },
      app_metadata: seedUsers()[ALICE]?.app_metadata,
    });
  });

  it('clears a field sent as null', async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: BOB, scope: BOTH_SCOPES });
    const response = await api.call('PATCH', token, { preferences: { language: null }, display_name: null });
    expect(await response.json()).toEqual({});
    expect(api.user(BOB)?.user_metadata).toEqual({});
  });

  it('refuses a token without update:preferences with 403 and writes nothing', async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: 'openid read:preferences' });
    const response = await api.call('PATCH', token, { preferences: { language: 'fr-CA' } });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'insufficient_scope' });
    expect(api.user(ALICE)).toEqual(seedUsers()[ALICE]);
  });

  it.each([
    ['an unknown top-level key', { colour: 'red' }, 'unknown_field', 'colour'],
    [
      'an unknown field in a group',
      { preferences: { colour: 'red' } },
      'unknown_field',
      'preferences.colour',
    ],
    ['an admin-only field', { tenant_id: 'globex' }, 'unknown_field', 'tenant_id'],
    ['app_metadata itself', { app_metadata: { plan: 'enterprise' } }, 'unknown_field', 'app_metadata'],
    ['another user id', { user_id: BOB, preferences: { language: 'fr' } }, 'unknown_field', 'user_id'],
    [
      'a bad language tag',
      { preferences: { language: 'not a tag' } },
      'invalid_value',
      'preferences.language',
    ],
    ['a theme outside the list', { preferences: { theme: 'purple' } }, 'invalid_value', 'preferences.theme'],
    ['a non-string display name', { display_name: 42 }, 'invalid_value', 'display_name'],
    // Found by an attack run: C1 controls, a lone surrogate, bidi and zero-width characters.
    [
      'C1 controls in a display name',
      { display_name: 'Grace\u009b31m\u0085x' },
      'invalid_value',
      'display_name',
    ],
    [
      'a lone surrogate in a display name',
      '{"display_name":"Grace\\ud800"}',
      'invalid_value',
      'display_name',
    ],
    [
      'a bidi override in a display name',
      { display_name: 'Grace\u202eecarG' },
      'invalid_value',
      'display_name',
    ],
    ['a bidi isolate in a display name', { display_name: 'Gr\u2066ace' }, 'invalid_value', 'display_name'],
    [
      'a zero-width space in a display name',
      { display_name: 'Gr\u200bace' },
      'invalid_value',
      'display_name',
    ],
    ['a group replaced by null', { preferences: null }, 'invalid_value', 'preferences'],
    ['a __proto__ key', '{"__proto__":{"plan":"enterprise"}}', 'forbidden_key', '__proto__'],
    [
      'a nested constructor key',
      { preferences: { constructor: 'x' } },
      'forbidden_key',
      'preferences.constructor',
    ],
    ['a prototype key', { prototype: 1 }, 'forbidden_key', 'prototype'],
    ['an array body', [{ preferences: { language: 'fr' } }], 'invalid_body', null],
    ['an empty object', {}, 'empty_patch', null],
    ['text that is not JSON', '{"preferences": ', 'invalid_body', null],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_name, body, error, field) => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    const response = await api.call('PATCH', token, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error, field });
    expect(api.user(ALICE)).toEqual(seedUsers()[ALICE]);
    expect(Object.prototype).not.toHaveProperty('plan');
  });

  it('refuses a body that is not application/json', async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    const response = await api.call('PATCH', token, undefined, {
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: '{"preferences":{"language":"fr"}}',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_body', field: null });
  });

  it('refuses a body over the size limit before reading it as JSON', async () => {
    const api = await build({ maxBodyBytes: 256 });
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    const response = await api.call('PATCH', token, { display_name: 'x'.repeat(300) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'body_too_large', field: null });
  });
});

describe('browsers', () => {
  it('lets only the configured origins call the API', async () => {
    const api = await build({}, { allowedOrigins: ['https://app.example.com'] });
    const preflight = (origin: string) =>
      api.app.request('/me/preferences', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('PATCH');
    const other = await preflight('https://evil.example.com');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('load and failures', () => {
  it('answers 503 with Retry-After when the Management API rate-limits us, and writes nothing', async () => {
    const api = await build();
    api.tenant.faults.add({ kind: 'rate-limit', match: { path: '/api/v2/users' }, resetSeconds: 7 });
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    const response = await api.call('PATCH', token, { preferences: { language: 'fr' } });
    expect(response.status).toBe(503);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(6);
    expect(api.user(ALICE)).toEqual(seedUsers()[ALICE]);
  });

  it('limits each user on their own: 429 with Retry-After, other users unaffected', async () => {
    const api = await build({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const alice = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    const bob = await api.minter.accessToken({ sub: BOB, scope: BOTH_SCOPES });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await api.call('GET', alice)).status);
    expect(statuses).toEqual([200, 200, 429]);
    const limited = await api.call('GET', alice);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await api.call('GET', bob)).status).toBe(200);
  });

  it('loses no change when one user sends many PATCHes at once', async () => {
    const api = await build({ rateLimit: { limit: 100, windowMs: 60_000 } }, {}, { latencyMs: 2 });
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    const patches = [
      { preferences: { language: 'fr-CA' } },
      { preferences: { timezone: 'Europe/Paris' } },
      { preferences: { theme: 'light' } },
      { display_name: 'Alice' },
    ];
    const responses = await Promise.all(patches.map((patch) => api.call('PATCH', token, patch)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(api.user(ALICE)?.user_metadata).toEqual({
      preferences: { language: 'fr-CA', timezone: 'Europe/Paris', theme: 'light', beta_opt_in: true },
      favourite: 'tea',
      display_name: 'Alice',
    });
  });

  it('asks for one client-credentials token and reuses it', async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    await Promise.all([
      api.call('GET', token),
      api.call('GET', token),
      api.call('PATCH', token, { display_name: 'A' }),
    ]);
    await api.call('GET', token);
    expect(api.tokenRequests()).toBe(1);
  });

  it('logs one JSON line per request with a user pseudonym, never the token or any value', async () => {
    const api = await build();
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    await api.call('PATCH', token, { display_name: 'Alice Secretname' });
    await api.call('PATCH', token, { display_name: 7 });
    expect(api.logs).toHaveLength(2);
    expect(api.logs[0]).toMatchObject({ method: 'PATCH', route: '/me/preferences', status: 200 });
    expect(api.logs[1]).toMatchObject({ status: 400, error: 'invalid_value' });
    expect(api.logs[0]?.user).toMatch(/^[0-9a-f]{16}$/);
    const text = JSON.stringify(api.logs);
    for (const secret of [token, 'Secretname', ALICE, 'alice']) expect(text).not.toContain(secret);
  });

  it('keys the user pseudonym: no bare hash of sub, the same under one key, another under another key', async () => {
    const pseudonymUnder = async (logPseudonymKey: string) => {
      const api = await build({}, { logPseudonymKey });
      await api.call('GET', await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES }));
      return api.logs[0]?.user;
    };
    const first = await pseudonymUnder('k'.repeat(32));
    expect(first).toMatch(/^[0-9a-f]{16}$/);
    expect(first).not.toBe(createHash('sha256').update(ALICE).digest('hex').slice(0, 16));
    expect(await pseudonymUnder('k'.repeat(32))).toBe(first);
    expect(await pseudonymUnder('q'.repeat(32))).not.toBe(first);
  });
});
