import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { managementCaller } from './call.ts';

const setup = async () => {
  const tenant = createFakeTenant();
  const [user] = tenant.seedUsers([
    { email: 'ada@example.com', password: 'pw', user_metadata: { theme: 'dark', prefs: { a: 1, b: 2 } } },
  ]);
  if (!user) throw new Error('seedUsers returned no user');
  const call = await managementCaller(tenant);
  return { tenant, call, path: `/users/${encodeURIComponent(user.user_id)}` };
};

const metadataKey = fc
  .string({ minLength: 1, maxLength: 8 })
  .filter((key) => !/[.$]/.test(key) && key !== '__proto__');
const metadataValue = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.dictionary(metadataKey, fc.string()),
);

describe('users', () => {
  it('merges user_metadata at the top level: nested objects replaced whole, null deletes', async () => {
    const { call, path } = await setup();
    const patched = await call('PATCH', path, {
      user_metadata: { prefs: { c: 3 }, theme: null, lang: 'fr' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.user_metadata).toEqual({ prefs: { c: 3 }, lang: 'fr' });
    expect((await call('GET', path)).body.user_metadata).toEqual({ prefs: { c: 3 }, lang: 'fr' });
  });

  it('merges any patch as a top-level overwrite with null deletes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(metadataKey, metadataValue),
        fc.dictionary(metadataKey, fc.option(metadataValue, { nil: null })),
        async (current, patch) => {
          const tenant = createFakeTenant();
          const [user] = tenant.seedUsers([{ email: 'p@example.com', app_metadata: current }]);
          const call = await managementCaller(tenant);
          const answer = await call('PATCH', `/users/${encodeURIComponent(user?.user_id ?? '')}`, {
            app_metadata: patch,
          });
          const expected: Record<string, unknown> = { ...current };
          for (const [key, value] of Object.entries(patch)) {
            if (value === null) delete expected[key];
            else expected[key] = value;
          }
          expect(answer.body.app_metadata).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses metadata keys with "." or "$", read-only fields, and unknown users', async () => {
    const { tenant, call, path } = await setup();
    const before = tenant.snapshot().users;
    expect((await call('PATCH', path, { user_metadata: { 'a.b': 1 } })).status).toBe(400);
    expect((await call('PATCH', path, { app_metadata: { nested: { $where: 1 } } })).status).toBe(400);
    expect((await call('PATCH', path, { user_id: 'auth0|other' })).status).toBe(400);
    expect((await call('PATCH', path, { favourite_colour: 'blue' })).status).toBe(400);
    expect(tenant.state.users).toEqual(before);
    const missing = await call('GET', '/users/auth0%7Cnobody');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, errorCode: 'inexistent_user' });
  });

  it('never shows a password and pages the user list', async () => {
    const { tenant, call } = await setup();
    tenant.seedUsers([{ email: 'b@example.com' }, { email: 'c@example.com' }]);
    const page = await call('GET', '/users?per_page=2&page=1&include_totals=true');
    expect(page.body).toMatchObject({ start: 2, limit: 2, length: 1, total: 3 });
    expect(page.body.users[0].email).toBe('c@example.com');
    const all = await call('GET', '/users');
    expect(JSON.stringify(all.body)).not.toContain('password');
    const found = await call('GET', `/users?q=${encodeURIComponent('email:"b@example.com"')}`);
    expect(found.body.map((user: { email: string }) => user.email)).toEqual(['b@example.com']);
  });
});
