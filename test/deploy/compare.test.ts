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

  it("compares only a resource's own fields, however they are named (toString, constructor, __proto__)", () => {
    const named = fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype));
    fc.assert(
      fc.property(fc.dictionary(named, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), (value) => {
        const unset = Object.keys(value).filter((field) => value[field] !== null);
        expect(changedFields(value, {}).map((change) => change.field)).toEqual(unset);
        expect(changedFields(value, {}).every((change) => change.before === undefined)).toBe(true);
        expect(changedFields(value, structuredClone(value))).toEqual([]);
      }),
    );
  });
});
