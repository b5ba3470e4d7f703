import vm from 'node:vm';

/**
 * Makes `out`'s members that came from `record` by a spread (`{ ...base, ...record }` in the target
 * realm) what a JSON copy of `record` holds: each object and array is replaced by its copy in the
 * realm, each number by JSON's (-0 as 0, ±Infinity as null). True when done; false for a record it
 * cannot vouch for (a value that is not plain JSON data of the host realm, nesting past MAX_DEPTH):
 * `out` may then hold some copies, and the caller copies `record` another way.
 */
export type ParsedMembersCopier = (out: object, record: object) => boolean;

// What JSON.parse returns is plain data: own, enumerable, writable data properties under string keys
// (no symbol, no getter), strings, booleans, null, numbers (-0 and, past the double range, ±Infinity
// included), arrays without holes and objects of the parsing realm's prototypes. Such a record is
// copied into a realm faster by spreads than member by member: a spread builds an object with all
// its keys at once, where assigning a member at a time turns an object of more than 16 of them
// into a dictionary (V8's limit for keyed stores), 8 µs against 0.9 for 100 members (Node 20,
// measured). Spreads define members, as JSON.parse does, so no setter an Action put on its realm's
// prototypes runs, and a `__proto__` key stays a member. The prototypes and the member values are
// checked on the way; getters and symbol keys, which JSON.parse never makes, are not.

/** Deeper than this the copier gives up, and the caller's JSON copier takes the record. */
const MAX_DEPTH = 64;

const SOURCE = `(function (hostObject, hostArray, maxDepth, defineProperty, getPrototypeOf, hasOwn, isArray) {
  'use strict';
  const GIVE_UP = {};
  const arrayPrototype = getPrototypeOf([]);
  // An index an Action's setter holds on its Array.prototype is defined, as JSON does.
  const define = (out, key, value) =>
    defineProperty(out, key, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
  const number = (value) => (value === 0 ? 0 : value - value === 0 ? value : null);

  // The copy of a member's value, or the value itself when JSON keeps it as it is.
  const copyValue = (value, depth) => {
    if (typeof value === 'number') return number(value);
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
    if (typeof value !== 'object' || depth >= maxDepth) throw GIVE_UP;
    if (isArray(value)) {
      if (getPrototypeOf(value) !== hostArray) throw GIVE_UP;
      // A spread of an array from another realm goes through its iterator, 8 times slower than this.
      const length = value.length;
      const out = [];
      for (let index = 0; index < length; index++) {
        const item = value[index];
        const copied = typeof item === 'string' || typeof item === 'boolean' || item === null ? item : copyValue(item, depth + 1);
        if (index in arrayPrototype) define(out, index, copied);
        else out[index] = copied;
      }
      return out;
    }
    if (getPrototypeOf(value) !== hostObject) throw GIVE_UP;
    const out = { ...value };
    copyMembers(out, value, depth + 1);
    return out;
  };

  const copyMembers = (out, record, depth) => {
    for (const name in record) {
      const item = record[name];
      if (typeof item === 'string' || typeof item === 'boolean' || item === null) continue;
      // Only here: the spread took own members only, and most members need no copy.
      if (!hasOwn(record, name)) continue;
      const copied = copyValue(item, depth);
      // An own member of out already (the spread defined it), so no setter runs, \`__proto__\` included.
      out[name] = copied;
    }
  };

  return (out, record) => {
    if (getPrototypeOf(record) !== hostObject) return false;
    try {
      copyMembers(out, record, 0);
      return true;
    } catch (error) {
      if (error !== GIVE_UP) throw error;
      return false;
    }
  };
})`;

/**
 * A ParsedMembersCopier into `context`'s realm, for records JSON.parse returned in this one. It calls
 * this realm's functions, which no Action code reaches, so it may be made at any time; its objects
 * and arrays are literals of the target realm.
 */
export const createParsedMembersCopier = (context: vm.Context): ParsedMembersCopier =>
  (
    vm.runInContext(SOURCE, context, { filename: 'parsed-copy.js' }) as (
      ...host: unknown[]
    ) => ParsedMembersCopier
  )(
    Object.prototype,
    Array.prototype,
    MAX_DEPTH,
    Object.defineProperty,
    Object.getPrototypeOf,
    Function.prototype.call.bind(Object.prototype.hasOwnProperty),
    Array.isArray,
  );
