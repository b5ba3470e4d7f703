import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonBytesBound, memberBytesBound, utf8ByteLength } from '../../claims/claim-bytes.ts';
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

describe('jsonBytesBound', () => {
  it('never counts fewer bytes than the JSON holds', () => {
    // Six bytes per UTF-16 unit, the worst case: escaped control characters and lone surrogates.
    const worst = fc.string({ unit: fc.constantFrom('\u0000', '\u001f', '\ud800', '\udfff') });
    const costly = fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '"', '\\', 'é', '😀') });
    const values = fc.oneof(
      costly,
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
      fc.property(values, (value) => {
        const bound = jsonBytesBound(value);
        if (bound === Number.POSITIVE_INFINITY) return;
        expect(bound).toBeGreaterThanOrEqual(encodedJsonBytes(value));
      }),
      { numRuns: 3_000 },
    );
  });

  it("bounds an object's member names with their quotes, colon and comma", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ unit: anyCodePoint }), fc.oneof(fc.string(), fc.double(), fc.boolean())),
        (record) => {
          let bound = 2;
          for (const [name, value] of Object.entries(record))
            bound += memberBytesBound(name) + jsonBytesBound(value);
          expect(bound).toBeGreaterThanOrEqual(encodedJsonBytes(record));
        },
      ),
    );
  });

  it('gives up on what prints differently from its own items or is no schema output, without throwing', () => {
    const sparse: unknown[] = [];
    sparse.length = 1_000;
    const withToJson = Object.assign(['a'], { toJSON: () => 'x'.repeat(5_000) });
    for (const value of [
      new Date(0),
      // biome-ignore lint/suspicious/noExplicitAny: a boxed number is the point
      new (Number as any)(123456789),
      { toJSON: () => 'x'.repeat(5_000) },
      withToJson,
      sparse,
      { a: 1 },
      undefined,
      10n,
    ]) {
      expect(jsonBytesBound(value)).toBe(Number.POSITIVE_INFINITY);
    }
  });
});
