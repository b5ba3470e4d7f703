import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBytesAtMost, utf8ByteLength } from '../../claims/claim-bytes.ts';
import { anyCodePoint } from '../support/arbitraries.ts';

const encoder = new TextEncoder();
const encodedJsonBytes = (value: unknown) => encoder.encode(JSON.stringify(value) ?? '').length;

describe('utf8ByteLength', () => {
  it('counts UTF-8 bytes exactly as an encoder writes them, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ unit: anyCodePoint }), fc.string({ unit: 'grapheme' }), fc.string()),
        (text) => {
          expect(utf8ByteLength(text)).toBe(encoder.encode(text).length);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('jsonBytesAtMost', () => {
  it('never counts fewer bytes than the JSON holds, and never more than the limit', () => {
    // Six bytes per UTF-16 unit, the worst case: escaped control characters and lone surrogates.
    const worst = fc.string({ unit: fc.constantFrom('\u0000', '\u001f', '\ud800', '\udfff') });
    const costly = fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '"', '\\', 'é', '😀') });
    const values = fc.oneof(
      costly,
      fc.dictionary(worst, worst),
      fc.array(worst),
      fc.jsonValue(),
      fc.array(
        fc.oneof(fc.string({ unit: anyCodePoint }), fc.double(), fc.constant(-0.0000012345678901234567)),
      ),
      fc.anything({
        withNullPrototype: true,
        withBoxedValues: true,
        withSparseArray: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withObjectString: true,
      }),
    );
    fc.assert(
      fc.property(values, fc.nat(5_000), (value, limit) => {
        const bound = jsonBytesAtMost(value, limit);
        if (bound === Number.POSITIVE_INFINITY) return;
        expect(bound).toBeGreaterThanOrEqual(encodedJsonBytes(value));
        expect(bound).toBeLessThanOrEqual(limit);
      }),
      { numRuns: 3_000 },
    );
  });

  it('gives up on what prints differently from its own keys, and on cycles, without throwing', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const sparse: unknown[] = [];
    sparse.length = 1_000;
    for (const value of [
      new Date(0),
      // biome-ignore lint/suspicious/noExplicitAny: a boxed number is the point
      new (Number as any)(123456789),
      { toJSON: () => 'x'.repeat(5_000) },
      sparse,
      cyclic,
      undefined,
    ]) {
      expect(jsonBytesAtMost(value, 4_096)).toBe(Number.POSITIVE_INFINITY);
    }
  });

  it('proves a typical claim within budget without writing its JSON', () => {
    const claim = {
      preferences: { language: 'de-CH', timezone: 'Europe/Zurich', theme: 'dark' },
      display_name: 'Grace Hopper',
    };
    const bound = jsonBytesAtMost(claim, 2_000);
    expect(bound).toBeLessThan(2_000);
    expect(bound).toBeGreaterThanOrEqual(encodedJsonBytes(claim));
  });
});
