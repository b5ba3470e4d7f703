import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedFields, holdsDeclared } from '../../deploy/compare.ts';

const declared = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), {
  maxKeys: 5,
});

describe('holdsDeclared', () => {
  it('holds for any value against itself, and against itself with extra fields the tenant adds', () => {
    fc.assert(
      fc.property(
        declared,
        fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue({ maxDepth: 1 })),
        (value, extra) => {
          const copy = structuredClone(value);
          expect(holdsDeclared(value, copy)).toBe(true);
          expect(holdsDeclared(value, { ...extra, ...copy })).toBe(true);
          expect(changedFields(value, { ...extra, ...copy })).toEqual([]);
        },
      ),
    );
  });

  it('notices any changed, missing or reordered declared value', () => {
    fc.assert(
      fc.property(
        declared.filter((value) => Object.keys(value).length > 0),
        (value) => {
          const [field] = Object.keys(value) as [string];
          const changed = { ...value, [field]: '\u0000changed' };
          expect(holdsDeclared(value, changed)).toBe(false);
          expect(changedFields(value, changed).map((change) => change.field)).toEqual([field]);
          const missing = { ...value };
          delete missing[field];
          expect(holdsDeclared(value, missing)).toBe(value[field] === null);
        },
      ),
    );
    expect(holdsDeclared(['a', 'b'], ['b', 'a'])).toBe(false);
  });
});
