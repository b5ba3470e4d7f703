import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claimBytes } from '../../emulator/actions/json.ts';
import { jsonBytes, jsonStringBytes } from '../../emulator/actions/json-size.ts';

// Claim budgets, the 100 KB token limit, token sizes and the audit's legacy sizes all count JSON bytes
// without writing the JSON: the count must be JSON's own for any value a login can hold.

/** Any UTF-16 code unit, lone surrogates and control characters included. */
const codeUnits = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  maxLength: 12,
});

const odd = fc.constantFrom<unknown>(
  undefined,
  -0,
  Number.NaN,
  Number.NEGATIVE_INFINITY,
  1e21,
  5e-324,
  () => 1,
  Symbol('s'),
  new Date(Date.UTC(2026, 0, 15)),
  new Boolean(false),
  { toJSON: (at: string) => ({ at }) },
  Object.assign(Object.create({ inherited: 'x' }) as object, { own: 'y' }),
);

const anything = fc.anything({
  key: fc.oneof(codeUnits, fc.constantFrom('__proto__', 'toJSON', '0')),
  maxDepth: 4,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  values: [fc.jsonValue({ maxDepth: 1 }), codeUnits, fc.string({ unit: 'binary' }), fc.double(), odd],
});

/** What JSON counts, or the error it throws. */
const viaJson = (value: unknown): number | string => {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
};
const counted = (value: unknown): number | string => {
  try {
    return jsonBytes(value);
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  }
};

describe('jsonBytes', () => {
  it('counts the UTF-8 bytes of JSON.stringify for any value, and throws what it throws', () => {
    fc.assert(
      fc.property(anything, (value) => {
        expect(counted(value)).toBe(viaJson(value));
      }),
      { numRuns: 600 },
    );
  });

  it('counts any string, lone surrogates and control characters included, as JSON writes it', () => {
    fc.assert(
      fc.property(fc.oneof(codeUnits, fc.string({ unit: 'binary' })), (text) => {
        expect(jsonStringBytes(text)).toBe(Buffer.byteLength(JSON.stringify(text), 'utf8'));
      }),
      { numRuns: 1000 },
    );
  });

  it("counts an Action realm's values, and a claim as its name and value", () => {
    const fromRealm = vm.runInContext('(text) => JSON.parse(text)', vm.createContext({})) as (
      text: string,
    ) => unknown;
    fc.assert(
      fc.property(codeUnits, fc.jsonValue(), (name, value) => {
        const realmValue = fromRealm(JSON.stringify(value));
        expect(jsonBytes(realmValue)).toBe(viaJson(value));
        expect(claimBytes(name, realmValue)).toBe(
          Buffer.byteLength(JSON.stringify(name), 'utf8') + Buffer.byteLength(JSON.stringify(value), 'utf8'),
        );
      }),
    );
  });

  it('counts through JSON what the walk does not, a cycle or a BigInt included', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = [cyclic];
    let deep: unknown = 'bottom';
    for (let level = 0; level < 200; level++) deep = { deep };
    for (const value of [cyclic, { n: 1n }, deep, [new Date(0), { toJSON: () => undefined }]])
      expect(counted(value)).toBe(viaJson(value));
  });
});
