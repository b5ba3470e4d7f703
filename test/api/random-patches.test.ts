import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editableFields } from '../../api/editable-fields.ts';
import { claimContract } from '../../claims/index.ts';
import { ALICE, BOB, useApiUnderTest } from './support/api-under-test.ts';
import { BOTH_SCOPES } from './support/token-minter.ts';

// Whatever a caller sends, a PATCH changes at most the caller's own user-editable fields.

const { server, build } = useApiUnderTest();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** A user's metadata with the editable leaves taken out: what a PATCH must never change. */
const withoutEditable = (metadata: Record<string, unknown>): unknown => {
  const copy = structuredClone(metadata);
  for (const { key, field } of editableFields(claimContract)) {
    const group = copy[key];
    if (field === undefined) delete copy[key];
    else if (typeof group === 'object' && group !== null) delete (group as Record<string, unknown>)[field];
  }
  for (const [key, value] of Object.entries(copy)) {
    if (typeof value === 'object' && value !== null && Object.keys(value).length === 0) delete copy[key];
  }
  return copy;
};

const KEYS = [
  'preferences',
  'display_name',
  'language',
  'theme',
  'timezone',
  'tenant_id',
  'roles',
  'plan',
  'app_metadata',
  'user_metadata',
  'user_id',
  'favourite',
  'beta_opt_in',
  '__proto__',
  'constructor',
  'x',
];
const VALUES = [
  'fr-CA',
  'en',
  'dark',
  'light',
  'Europe/Paris',
  'UTC',
  'enterprise',
  'admin',
  '',
  ' padded ',
  'Ada',
];
const patchValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(...VALUES),
    fc.constant(null),
    fc.integer(),
    fc.array(fc.constantFrom(...VALUES), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
  ),
})).value;
const patchBody = fc.dictionary(fc.constantFrom(...KEYS), patchValue, { maxKeys: 4 });

describe('property: random patches', () => {
  it("never reach a non-editable field, app_metadata, or another user's record", async () => {
    const api = await build({ rateLimit: { limit: 10_000, windowMs: 60_000 } });
    const tokens = {
      [ALICE]: await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES }),
      [BOB]: await api.minter.accessToken({ sub: BOB, scope: BOTH_SCOPES }),
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(ALICE, BOB), patchBody, async (caller, body) => {
        const other = caller === ALICE ? BOB : ALICE;
        const before = api.user(caller);
        const otherBefore = api.user(other);
        const response = await api.call('PATCH', tokens[caller], body);
        expect([200, 400]).toContain(response.status);
        const after = api.user(caller);
        expect(api.user(other)).toEqual(otherBefore);
        expect(after?.app_metadata).toEqual(before?.app_metadata);
        expect(withoutEditable(after?.user_metadata ?? {})).toEqual(
          withoutEditable(before?.user_metadata ?? {}),
        );
        if (response.status === 400) expect(after).toEqual(before);
      }),
      { numRuns: 150 },
    );
    expect(Object.prototype).not.toHaveProperty('plan');
  });
});
