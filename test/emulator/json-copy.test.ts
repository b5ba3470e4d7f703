import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../emulator/actions/json.ts';
import { createJsonCopier, registerRealm } from '../../emulator/actions/json-copy.ts';
import { sameCopy } from '../support/same-copy.ts';

// Every event, claim and metadata value crosses into or out of an Action's realm through these
// copiers instead of `JSON.parse(JSON.stringify(value))`: they must give exactly what JSON gives, in
// the same realm, or what an Action sees and what the emulator reports drift from Auth0's.

/** Keys that JSON and assignment treat apart, and ordinary ones. */
const key = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'toJSON', '0', '7', 'length'),
  },
);

/** Leaves JSON writes apart from what they are, or drops. */
const odd = fc.constantFrom<unknown>(
  undefined,
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  () => 1,
  Symbol('s'),
  new Date(Date.UTC(2026, 0, 15)),
  new Map([[1, 2]]),
  new Number(3),
  new String('boxed'),
  { toJSON: (at: string) => `at ${at}` },
  { toJSON: () => undefined },
  Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }),
  '\ud800 lone',
);

/** Anything JSON may be handed: its own values, odd leaves, Dates, Maps, boxed values, sparse arrays. */
const anything = fc.anything({
  key,
  maxDepth: 4,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  values: [fc.jsonValue({ maxDepth: 1 }), odd, fc.double(), fc.string({ unit: 'binary' })],
});

/** The outcome of a copy: its value, or the error it throws, by constructor name and message. */
const outcome = (copy: () => unknown): { value?: unknown; error?: string } => {
  try {
    return { value: copy() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
};

const expectSameAsJson = (copied: () => unknown, viaJson: () => unknown) => {
  const got = outcome(copied);
  const want = outcome(viaJson);
  expect(got.error).toBe(want.error);
  expect(sameCopy(got.value, want.value)).toBe(true);
};

const newRealm = () => {
  const context = vm.createContext({});
  registerRealm(context);
  const copier = createJsonCopier(context);
  const realmJson = vm.runInContext('JSON', context) as JSON;
  return { context, copier, realmJson };
};

/** What `parse(JSON.stringify(value))` gives, or undefined when JSON writes nothing for it. */
const viaText = (value: unknown, parse: (text: string) => unknown) => () => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : parse(text);
};

describe('JSON copiers', () => {
  it('copy any value within this realm exactly as JSON.parse(JSON.stringify(value)) does', () => {
    fc.assert(
      fc.property(anything, (value) => {
        expectSameAsJson(() => cloneJson(value), viaText(value, JSON.parse));
      }),
      { numRuns: 400 },
    );
  });

  it("copy any value into an Action's realm exactly as that realm's JSON.parse of its text does", () => {
    const { copier, realmJson } = newRealm();
    fc.assert(
      fc.property(anything, (value) => {
        expectSameAsJson(() => copier(value), viaText(value, realmJson.parse));
      }),
      { numRuns: 400 },
    );
  });

  it("copy values of an Action's realm out to this one as JSON does", () => {
    const { context } = newRealm();
    const fromRealm = vm.runInContext('(text) => JSON.parse(text)', context) as (text: string) => unknown;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const realmValue = fromRealm(JSON.stringify(value));
        expectSameAsJson(
          () => cloneJson(realmValue),
          () => JSON.parse(JSON.stringify(realmValue)),
        );
      }),
    );
  });

  it('throw what JSON throws for a cycle or a BigInt, and copy nesting deeper than the walk goes', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expectSameAsJson(
      () => cloneJson(cyclic),
      () => JSON.parse(JSON.stringify(cyclic)),
    );
    expectSameAsJson(
      () => cloneJson({ n: [1n] }),
      () => JSON.parse(JSON.stringify({ n: [1n] })),
    );
    let deep: unknown = 'bottom';
    for (let level = 0; level < 200; level++) deep = level % 2 ? [deep] : { level, deep };
    expectSameAsJson(
      () => cloneJson(deep),
      () => JSON.parse(JSON.stringify(deep)),
    );
  });

  it.each([
    [
      "a setter on the realm's Object.prototype",
      `Object.defineProperty(Object.prototype, 'email', { set() { hits++; } });`,
    ],
    [
      "an index setter on the realm's Array.prototype",
      `Object.defineProperty(Array.prototype, '0', { set() { hits++; } });`,
    ],
    [
      "an index setter on the realm's Object.prototype",
      `Object.defineProperty(Object.prototype, '1', { set() { hits++; } });`,
    ],
    ['a frozen Object.prototype', 'Object.freeze(Object.prototype);'],
  ])('copy into a realm as JSON does whatever its code did first: %s', (_, change) => {
    const { context, copier, realmJson } = newRealm();
    vm.runInContext(`globalThis.hits = 0; ${change}`, context);
    const value = { email: 'a@example.com', constructor: 1, toString: 2, list: [1, 2] };
    const own = JSON.parse('{"email":"a@example.com","__proto__":3,"hasOwnProperty":4,"list":[[1],2]}');
    for (const handed of [value, own]) {
      const copied = copier(handed) as Record<string, unknown>;
      expect(sameCopy(copied, realmJson.parse(JSON.stringify(handed)))).toBe(true);
      expect(Object.getOwnPropertyNames(copied)).toEqual(Object.getOwnPropertyNames(handed));
    }
    expect(vm.runInContext('hits', context)).toBe(0);
  });

  it("give objects of the target realm: an Action's copy is its own realm's, a host copy the host's", () => {
    const { context, copier } = newRealm();
    const copied = copier({ user: { roles: ['a'] } }) as { user: { roles: string[] } };
    const [realmObject, realmArray] = vm.runInContext('[Object.prototype, Array.prototype]', context);
    expect(Object.getPrototypeOf(copied.user)).toBe(realmObject);
    expect(Object.getPrototypeOf(copied.user.roles)).toBe(realmArray);
    const back = cloneJson(copied) as { user: { roles: string[] } };
    expect(Object.getPrototypeOf(back.user)).toBe(Object.prototype);
    expect(Array.isArray(back.user.roles) && Object.getPrototypeOf(back.user.roles)).toBe(Array.prototype);
  });
});
