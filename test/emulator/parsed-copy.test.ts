import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createParsedMembersCopier } from '../../emulator/actions/parsed-copy.ts';
import { sameCopy } from '../support/same-copy.ts';

// The audit hands each exported user (an export line, JSON.parse'd) to the Action through this
// copier: spread over the base user in the Action's realm, then its objects, arrays and numbers
// replaced. The user the Action sees must be exactly what JSON would hand it.

const key = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'toJSON', '0', '7') },
);

/** Numbers JSON.parse reads apart from what JSON.stringify writes back, put into the text raw. */
const RAW_NUMBERS = ['-0', '-0.0', '1e400', '-1E+999', '1e-400', '12345678901234567890', '1.5'];
const raw = fc.constantFrom(...RAW_NUMBERS.map((number) => `raw:${number}`));

/** An export line's record: JSON values under odd keys, with raw numbers in the text. */
const line = fc
  .dictionary(key, fc.oneof(fc.jsonValue({ maxDepth: 3 }), raw, fc.array(raw, { maxLength: 3 })), {
    maxKeys: 8,
  })
  .map((record) => JSON.stringify(record).replace(/"raw:([^"]*)"/g, '$1'));

const BASE = { user_id: 'base', email: 'base@example.com', user_metadata: {}, toString: 'kept' };

const newRealm = () => {
  const context = vm.createContext({});
  const spreadOverBase = vm.runInContext(
    `(record) => (${JSON.stringify(BASE).slice(0, -1)}, ...record })`,
    context,
  ) as (record: object) => object;
  const realmJson = vm.runInContext('JSON', context) as JSON;
  return { context, spreadOverBase, realmJson, copy: createParsedMembersCopier(context) };
};

describe('the parsed members copier', () => {
  it("gives what the realm's JSON.parse gives for the base user with the parsed record's members over it", () => {
    const { spreadOverBase, realmJson, copy } = newRealm();
    fc.assert(
      fc.property(line, (text) => {
        const record = JSON.parse(text) as object;
        const out = spreadOverBase(record);
        expect(copy(out, record)).toBe(true);
        const expected = realmJson.parse(JSON.stringify({ ...BASE, ...record }));
        expect(sameCopy(out, expected)).toBe(true);
        // Nothing of this realm is left in the copy.
        expect(JSON.stringify(out)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 300 },
    );
  });

  it('runs no setter an Action put on its prototypes, and keeps such keys own members', () => {
    const { context, spreadOverBase, copy } = newRealm();
    const hits = vm.runInContext(
      `const hits = [];
       Object.defineProperty(Object.prototype, 'nested', { set(v) { hits.push('nested'); }, configurable: true });
       Object.defineProperty(Array.prototype, '0', { set(v) { hits.push('0'); }, configurable: true });
       hits`,
      context,
    ) as string[];
    const record = JSON.parse('{"nested":{"nested":[{"nested":1}]},"list":[[1],{"a":-0}]}') as object;
    const out = spreadOverBase(record) as Record<string, unknown>;
    expect(copy(out, record)).toBe(true);
    expect(hits).toEqual([]);
    expect(Object.hasOwn(out, 'nested')).toBe(true);
    expect(JSON.stringify(out)).toContain('"nested":{"nested":[{"nested":1}]},"list":[[1],{"a":0}]');
    expect(Object.getPrototypeOf(out.list)).toBe(vm.runInContext('Array.prototype', context));
  });

  it('gives up on what JSON.parse never returns and on nesting past its walk, for the caller to copy', () => {
    const { spreadOverBase, copy } = newRealm();
    const refused = [
      { when: new Date(0) },
      { missing: undefined },
      { call: () => 1 },
      { big: 1n },
      { inner: Object.create(null) as object },
      { realm: vm.runInContext('({})', vm.createContext({})) as object },
    ];
    for (const record of refused) expect(copy(spreadOverBase(record), record)).toBe(false);
    let deep: unknown = 1;
    for (let level = 0; level < 70; level++) deep = { deep };
    const record = { deep };
    expect(copy(spreadOverBase(record), record)).toBe(false);
  });
});
