import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { claimBytes } from '../../claims/claim-bytes.ts';
import { type ClaimSpec, isGroupSpec, type KeySpec, type TokenKind } from '../../claims/define.ts';
import { defineClaimContract } from '../../claims/index.ts';
import { droppedPath, shapeClaims } from '../../claims/shape-claims.ts';
import { fixtureContract } from '../fixtures/claims-app/contract.ts';
import { anyCodePoint } from '../support/arbitraries.ts';
import { anyMetadata, validAppMetadata, validUserMetadata, withOwnProtoKey } from './metadata-arbitraries.ts';

const RUNS = { numRuns: 1_500 };
const BOTH: TokenKind[] = ['id_token', 'access_token'];
const profile = fc.record({ user_metadata: anyMetadata, app_metadata: anyMetadata });
const encodedBytes = (name: string, value: unknown) =>
  new TextEncoder().encode(JSON.stringify(name) + JSON.stringify(value)).length;

describe('shapeClaims on arbitrary metadata', () => {
  it('never throws, and emits only declared claims, keys and fields with values their schemas accept', () => {
    fc.assert(
      fc.property(profile, (metadata) => {
        const { claims } = shapeClaims(fixtureContract, metadata, BOTH);
        for (const claim of claims) {
          const spec: ClaimSpec | undefined = Object.entries(
            fixtureContract.claims as Record<string, ClaimSpec>,
          ).find(([k]) => claim.name === fixtureContract.namespace + k)?.[1];
          expect(spec).toBeDefined();
          for (const [key, value] of Object.entries(claim.value)) {
            const keySpec: KeySpec | undefined = spec?.keys[key];
            expect(keySpec, `undeclared key ${key}`).toBeDefined();
            if (!keySpec) continue;
            if (isGroupSpec(keySpec)) {
              for (const [field, fieldValue] of Object.entries(value as object)) {
                const fieldSpec = keySpec.fields[field];
                expect(fieldSpec, `undeclared field ${key}.${field}`).toBeDefined();
                if (fieldSpec) expect(v.is(fieldSpec.schema, fieldValue)).toBe(true);
              }
            } else {
              expect(v.is(keySpec.schema, value)).toBe(true);
            }
          }
        }
      }),
      RUNS,
    );
  });

  it('keeps every claim within its byte budget, and reports its size exactly', () => {
    fc.assert(
      fc.property(profile, (metadata) => {
        for (const claim of shapeClaims(fixtureContract, metadata, BOTH).claims) {
          const budget = Object.values(fixtureContract.claims).find((c) =>
            claim.name.endsWith(`/${c.source}`),
          )?.maxBytes;
          const bytes = encodedBytes(claim.name, claim.value);
          expect(claimBytes(claim.name, claim.value)).toBe(bytes);
          expect(bytes).toBeLessThanOrEqual(budget ?? 0);
        }
      }),
      RUNS,
    );
  });

  it('keeps claims within any budget, dropping whole keys, whatever values the schemas let through', () => {
    // Loose schemas and small budgets: claims near and over their budget, which the real contract's
    // bounded values never reach.
    const budgeted = (maxBytes: number) =>
      defineClaimContract({
        namespace: 'https://example.test/',
        claims: {
          anything: {
            token: 'id_token',
            source: 'user_metadata',
            maxBytes,
            keys: {
              preferences: { schema: v.unknown(), editableBy: 'user' },
              display_name: { schema: v.string(), editableBy: 'user' },
              roles: { schema: v.array(v.string()), editableBy: 'user' },
            },
          },
        },
      });
    const metadata = fc.record(
      {
        preferences: anyMetadata,
        display_name: fc.string({ unit: anyCodePoint, maxLength: 400 }),
        roles: fc.array(fc.string({ unit: anyCodePoint, maxLength: 40 }), { maxLength: 40 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(metadata, fc.integer({ min: 40, max: 3_000 }), (user_metadata, maxBytes) => {
        const { claims, dropped } = shapeClaims(budgeted(maxBytes), { user_metadata }, ['id_token']);
        const [claim] = claims;
        if (!claim) throw new Error('the claim is missing');
        expect(encodedBytes(claim.name, claim.value)).toBeLessThanOrEqual(maxBytes);
        const overBudget = dropped.filter((d) => d.reason === 'over_budget').map(droppedPath);
        const invalid = dropped.filter((d) => d.reason === 'invalid').map(droppedPath);
        // Every present key its schema accepts is either kept or reported over budget, never both.
        for (const [key, raw] of Object.entries(user_metadata)) {
          if (raw === undefined || invalid.includes(`user_metadata.${key}`)) continue;
          const kept = Object.hasOwn(claim.value, key);
          expect(kept !== overBudget.includes(`user_metadata.${key}`), key).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('never puts app_metadata in the ID token, even when app_metadata looks like user_metadata', () => {
    const userKeys = Object.keys(fixtureContract.claims.user_metadata.keys);
    fc.assert(
      fc.property(profile, validUserMetadata, (metadata, lookalike) => {
        const asIs = shapeClaims(fixtureContract, metadata, ['id_token']).claims;
        expect(asIs.map((c) => c.name)).toEqual([`${fixtureContract.namespace}user_metadata`]);
        for (const claim of asIs)
          expect(Object.keys(claim.value).every((k) => userKeys.includes(k))).toBe(true);
        const swapped = shapeClaims(fixtureContract, { user_metadata: {}, app_metadata: lookalike }, [
          'id_token',
        ]);
        expect(swapped.claims.map((c) => c.value)).toEqual([{}]);
      }),
      RUNS,
    );
  });

  it('gives the same claims for the same input and leaves the input untouched', () => {
    fc.assert(
      fc.property(profile, (metadata) => {
        const before = structuredClone(metadata);
        const first = shapeClaims(fixtureContract, metadata, BOTH);
        const second = shapeClaims(fixtureContract, structuredClone(metadata), BOTH);
        expect(second).toEqual(first);
        expect(metadata).toEqual(before);
      }),
      RUNS,
    );
  });

  it('never pollutes a prototype, whatever keys the metadata holds', () => {
    fc.assert(
      fc.property(anyMetadata, (extra) => {
        const metadata = withOwnProtoKey(extra);
        const { claims } = shapeClaims(
          fixtureContract,
          { user_metadata: metadata, app_metadata: metadata },
          BOTH,
        );
        expect({} as Record<string, unknown>).not.toHaveProperty('polluted');
        for (const claim of claims) {
          expect(Object.getPrototypeOf(claim.value)).toBe(Object.prototype);
          expect(JSON.stringify(claim.value)).not.toContain('polluted');
        }
      }),
      RUNS,
    );
  });

  it('keeps every declared value of a valid profile, exactly', () => {
    fc.assert(
      fc.property(validUserMetadata, validAppMetadata, (user, app) => {
        const { claims, dropped } = shapeClaims(
          fixtureContract,
          { user_metadata: user, app_metadata: app },
          BOTH,
        );
        expect(dropped).toEqual([]);
        // An empty `preferences` object carries nothing, so the claim leaves it out.
        const { preferences, ...rest } = user;
        const expectedUser = preferences && Object.keys(preferences).length > 0 ? user : rest;
        expect(claims.map((c) => c.value)).toEqual([expectedUser, app]);
      }),
      RUNS,
    );
  });

  it('emits each declared value as its schema outputs it, or drops it, however often values repeat', () => {
    // Values from small pools, so strings and lists of strings recur within a login and across
    // logins: shaping remembers its schemas' outputs for them (lists under their first item), and must
    // still give what the schema gives, even after a caller changed an array it was handed.
    const word = fc.constantFrom(
      'en',
      'en-GB',
      '',
      'Europe/Paris',
      'dark',
      'pro',
      'acme',
      'Not A Slug',
      'r-1',
      'r-2',
    );
    const list = fc.oneof(
      fc.array(word, { maxLength: 4 }),
      fc.array(fc.constantFrom('r-1', 'r-2', 'r-3'), { minLength: 1, maxLength: 3 }),
      fc.array(fc.oneof(word, fc.integer(), fc.constant(null)), { maxLength: 3 }),
      fc.constant(Array.from({ length: 70 }, (_, i) => `r-${i}`)),
    );
    const value = fc.oneof(word, list, fc.integer(), fc.constant(null));
    const record = (names: string[]) =>
      fc.dictionary(fc.constantFrom(...names, 'other'), value, { maxKeys: 4 });
    const userMetadata = fc.record(
      {
        preferences: fc.oneof(record(['language', 'timezone', 'theme']), value),
        display_name: value,
        extra: value,
      },
      { requiredKeys: [] },
    );
    const appMetadata = fc.record(
      { tenant_id: value, roles: value, plan: value, extra: value },
      { requiredKeys: [] },
    );
    const expectShaped = (source: 'user_metadata' | 'app_metadata', raw: Record<string, unknown>) => {
      const spec = fixtureContract.claims[source] as ClaimSpec;
      const emitted: Record<string, unknown> = {};
      const drops: string[] = [];
      for (const key of Object.keys(raw))
        if (!Object.hasOwn(spec.keys, key)) drops.push(`${source}.${key} unknown`);
      for (const [key, keySpec] of Object.entries(spec.keys)) {
        const keyRaw = raw[key];
        if (keyRaw === undefined) continue;
        if (!isGroupSpec(keySpec)) {
          const result = v.safeParse(keySpec.schema, keyRaw);
          if (result.success) emitted[key] = result.output;
          else drops.push(`${source}.${key} invalid`);
          continue;
        }
        if (typeof keyRaw !== 'object' || keyRaw === null || Array.isArray(keyRaw)) {
          drops.push(`${source}.${key} not_an_object`);
          continue;
        }
        const group: Record<string, unknown> = {};
        for (const field of Object.keys(keyRaw))
          if (!Object.hasOwn(keySpec.fields, field)) drops.push(`${source}.${key}.${field} unknown`);
        for (const [field, fieldSpec] of Object.entries(keySpec.fields)) {
          const fieldRaw = (keyRaw as Record<string, unknown>)[field];
          if (fieldRaw === undefined) continue;
          const result = v.safeParse(fieldSpec.schema, fieldRaw);
          if (result.success) group[field] = result.output;
          else drops.push(`${source}.${key}.${field} invalid`);
        }
        if (Object.keys(group).length > 0) emitted[key] = group;
      }
      return { emitted, drops };
    };
    fc.assert(
      fc.property(
        fc.array(fc.record({ user_metadata: userMetadata, app_metadata: appMetadata }), {
          minLength: 1,
          maxLength: 8,
        }),
        (logins) => {
          for (const profile of logins) {
            const { claims, dropped } = shapeClaims(fixtureContract, structuredClone(profile), BOTH);
            const user = expectShaped('user_metadata', profile.user_metadata);
            const app = expectShaped('app_metadata', profile.app_metadata);
            expect(claims.map((claim) => claim.value)).toEqual([user.emitted, app.emitted]);
            expect(dropped.map((item) => `${droppedPath(item)} ${item.reason}`).sort()).toEqual(
              [...user.drops, ...app.drops].sort(),
            );
            // A caller may change what it is handed; the next login must not see it.
            for (const claim of claims)
              for (const kept of Object.values(claim.value)) if (Array.isArray(kept)) kept.push('changed');
          }
        },
      ),
      RUNS,
    );
  });
});
