import fc from 'fast-check';
import { anyCodePoint } from '../support/arbitraries.ts';

// Generators of Auth0 user metadata as it arrives in `event.user`: some of it the shape the contract
// declares, much of it not. Shared by the property tests of the shaping code and of the bundle.

const dangerousKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty');
const anyKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  dangerousKey,
);

/** Unicode of every plane, control characters, lone surrogates and very long strings. */
const oddString = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: anyCodePoint, maxLength: 40 }),
  fc.string({ minLength: 1_000, maxLength: 50_000 }).map((s) => s.padEnd(1_000, 'x')),
  fc.constantFrom(
    '',
    ' ',
    'en',
    'en-GB',
    'zh-Hant-TW',
    'Europe/Paris',
    'UTC',
    'dark',
    'pro',
    'acme',
    'x'.repeat(35),
  ),
);

const deepJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.double()),
    oddString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyKey, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const odd = fc.oneof(deepJson, fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 }));

const languageTag = fc.constantFrom(
  'en',
  'en-GB',
  'fr-CA',
  'zh-Hant-TW',
  'sr-Latn-RS',
  'de-CH-1996',
  'es-419',
);
const timezone = fc.constantFrom('UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata');
const theme = fc.constantFrom('light', 'dark', 'system');
const slug = fc.stringMatching(/^[a-z0-9][a-z0-9_.:-]{0,20}$/);

/** Values the contract accepts: a profile made only of these keeps every value. */
export const validUserMetadata = fc.record(
  {
    preferences: fc.record({ language: languageTag, timezone, theme }, { requiredKeys: [] }),
    display_name: fc.stringMatching(/^[A-Za-z][A-Za-z .'-]{0,30}[A-Za-z]$/),
  },
  { requiredKeys: [] },
);

export const validAppMetadata = fc.record(
  {
    tenant_id: slug,
    roles: fc.array(slug, { maxLength: 32 }),
    plan: fc.constantFrom('free', 'pro', 'enterprise'),
  },
  { requiredKeys: [] },
);

const withExtras = <T extends object>(base: fc.Arbitrary<T>) =>
  fc
    .tuple(base, fc.dictionary(anyKey, odd, { maxKeys: 5 }), fc.dictionary(anyKey, odd, { maxKeys: 3 }))
    .map(([declared, extra, preferenceExtras]) => {
      const merged: Record<string, unknown> = { ...extra };
      for (const [k, v] of Object.entries(declared)) merged[k] = v;
      if ('preferences' in merged && merged.preferences && typeof merged.preferences === 'object') {
        merged.preferences = { ...preferenceExtras, ...(merged.preferences as object) };
      }
      return merged;
    });

/** Metadata objects as Auth0 stores them (JSON objects): contract shapes with extras, or anything keyed. */
export const profileMetadata: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  withExtras(validUserMetadata),
  withExtras(validAppMetadata),
  fc.dictionary(anyKey, deepJson, { maxKeys: 6 }),
);

/** Anything at all in place of the metadata: valid shapes, junk around them, wrong types, deep trees. */
export const anyMetadata = fc.oneof(
  withExtras(validUserMetadata),
  withExtras(validAppMetadata),
  fc.dictionary(fc.constantFrom('preferences', 'display_name', 'tenant_id', 'roles', 'plan'), odd, {
    maxKeys: 5,
  }),
  fc.dictionary(anyKey, odd, { maxKeys: 8 }),
  odd,
);

/** `__proto__` keys as JSON.parse makes them (own properties, not the prototype), around any value. */
export const withOwnProtoKey = (extra: unknown): Record<string, unknown> => {
  const metadata = JSON.parse(
    '{"__proto__":{"polluted":true},"preferences":{"__proto__":{"polluted":true},"language":"en"}}',
  );
  metadata.extra = extra;
  return metadata;
};
