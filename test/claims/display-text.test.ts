import path from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { displayText } from '../../claims/schemas.ts';
import {
  buildEvent,
  DEFAULT_API_AUDIENCE,
  type LoadedAction,
  loadBundledAction,
} from '../../emulator/actions/index.ts';
import { FIXTURE_ID_CLAIM } from '../fixtures/claims-app/contract.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';
import { anyCodePoint } from '../support/arbitraries.ts';

// What a display text may hold, checked against ranges written out here from the rule's statement
// (not the schema's own character classes), over arbitrary UTF-16 strings including lone surrogates.

const NAME = displayText(64);
const accepts = (text: string) => v.is(NAME, text);

/** Inclusive code point ranges the rule names: controls, bidi, zero-width and BOM, surrogates. */
const FORBIDDEN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x001f],
  [0x007f, 0x009f],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x2069],
  [0xfeff, 0xfeff],
  [0xd800, 0xdfff],
];
const forbiddenUnit = fc
  .constantFrom(...FORBIDDEN_RANGES)
  .chain(([low, high]) => fc.integer({ min: low, max: high }))
  .map((unit) => String.fromCharCode(unit));

const hasForbiddenCodePoint = (text: string): boolean =>
  [...text].some((char) => {
    const code = char.codePointAt(0) ?? 0;
    // A lone surrogate iterates as itself; a pair iterates as one code point above U+FFFF.
    return FORBIDDEN_RANGES.some(([low, high]) => code >= low && code <= high);
  });

const isWellFormedUtf16 = (text: string): boolean => Buffer.from(text, 'utf8').toString('utf8') === text;

/** Any UTF-16 units at all, lone surrogates included, plus any code points. */
const anyText = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 80 }),
  fc.string({ unit: anyCodePoint, maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

const plainName = fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .'-]{0,30}[A-Za-zÀ-ÿ]$/);

describe('displayText', () => {
  it('accepts only well-formed NFC text, trimmed, without controls, bidi or zero-width characters', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        if (!accepts(text)) return;
        expect(isWellFormedUtf16(text)).toBe(true);
        expect(text.normalize('NFC')).toBe(text);
        expect(hasForbiddenCodePoint(text)).toBe(false);
        expect(text.trim()).toBe(text);
        expect(text.length).toBeGreaterThanOrEqual(1);
        expect(text.length).toBeLessThanOrEqual(64);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses a valid name with any forbidden unit put anywhere in it', () => {
    fc.assert(
      fc.property(plainName, forbiddenUnit, fc.nat(), (name, unit, at) => {
        const cut = at % (name.length + 1);
        expect(accepts(name)).toBe(true);
        expect(accepts(name.slice(0, cut) + unit + name.slice(cut))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses text that is not in NFC and accepts it once normalised', () => {
    const decomposed = 'Zoe\u0308';
    expect(accepts(decomposed)).toBe(false);
    expect(accepts(decomposed.normalize('NFC'))).toBe(true);
  });

  it('accepts names in many scripts', () => {
    for (const name of [
      'Ada L.',
      'Zoë',
      'Ørsted',
      '李小龙',
      'Юлия',
      'محمد',
      'देवनागरी',
      '🙂 Ada',
      "O'Brien-Smith",
    ]) {
      expect(accepts(name.normalize('NFC')), name).toBe(true);
    }
  });

  it('names the offending character in its message', () => {
    const [issue] = v.safeParse(NAME, 'Grace\u202eecarG').issues ?? [];
    expect(issue?.message).toContain('U+202E');
  });
});

// The claims-app fixture's Action, whose frozen contract has a display_name of displayText(64).
describe('the built Action and display text', () => {
  let action: LoadedAction;
  beforeAll(async () => {
    action = await loadBundledAction(path.join(CLAIMS_APP.distDir, 'post-login-claims.js'));
  });

  it('drops a display name that an administrator wrote with C1, bidi or lone-surrogate characters', async () => {
    for (const bad of ['Grace\u009b31m\u0085x', 'Grace\ud800', 'Grace\u202eecarG', 'Gr\u200bace']) {
      const outcome = await action.run(
        buildEvent({
          secrets: { API_AUDIENCE: DEFAULT_API_AUDIENCE },
          user: { user_metadata: { preferences: { theme: 'dark' }, display_name: bad } },
        }),
      );
      expect(outcome.idToken?.payload[FIXTURE_ID_CLAIM]).toEqual({
        preferences: { theme: 'dark' },
      });
      expect(outcome.logs.join('\n')).toContain('user_metadata.display_name (invalid)');
    }
  });
});
