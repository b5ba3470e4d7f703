import vm from 'node:vm';

/** A copy of a value as JSON would make it: `JSON.parse(JSON.stringify(value))` in one realm. */
export type JsonCopier = (value: unknown) => unknown;

// Every value crossing into or out of an Action's realm is copied as JSON, because that is what Auth0
// keeps and hands over. Writing the text and parsing it back cost a login more than anything else
// the runtime does (100 µs of the bench's 200 µs for a large profile's event, measured); walking the
// value and building the copy directly costs a fifth of that, since the strings, being immutable, are
// shared instead of written and read again. The walk gives exactly what the round trip gives, and
// hands JSON itself whatever it is not sure of:
// - objects whose prototype is a known realm's `Object.prototype` (or null) and arrays of a known
//   realm, without a `toJSON` method: own enumerable string keys in their order, as JSON reads them;
// - in them, strings, booleans and null as they are, numbers as JSON writes them (-0 as 0, NaN and
//   ±Infinity as null), `undefined`, functions and symbols left out of objects and null in arrays;
// - anything else (a Date, a Map, a boxed primitive, a class instance, a BigInt, a `toJSON`, a
//   `JSON.rawJSON`) goes through the target realm's own JSON, with the key JSON would hand its
//   `toJSON`; nesting deeper than MAX_DEPTH (a cycle, say) starts the whole value again through
//   JSON, which throws for a cycle.
// The copier is compiled into its target realm, so its objects and arrays are that realm's, and
// takes that realm's intrinsics before any Action code runs there. An object is built by assignment,
// which V8 makes fast; JSON.parse defines its properties instead, which differs only where
// assignment would reach the prototype: a key or an index the prototypes hold (`__proto__`, or a
// setter an Action put there) is therefore defined.

/** Deeper than this, the walk gives way to JSON, which also reports cycles as JSON does. */
const MAX_DEPTH = 64;

const COPIER_SOURCE = `(function (isKnownPrototype, intoActionRealm, maxDepth) {
  'use strict';
  const ObjectPrototype = Object.prototype;
  const ArrayPrototype = Array.prototype;
  const { defineProperty, getPrototypeOf, hasOwn } = Object;
  // Called bound: V8 answers \`hasOwnProperty\` of a for-in's own object and key from the loop's key
  // list, where Object.hasOwn is a call each time (100 keys: 0.2 against 2.6 µs, Node 20, measured).
  const ownsKey = Function.prototype.call.bind(ObjectPrototype.hasOwnProperty);
  const isArray = Array.isArray;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const isRawJson = JSON.isRawJSON;
  const NONE = {};
  const RESTART = {};

  // What JSON makes of value when it finds it under key (an index in an array): its copy, or NONE
  // for no JSON form.
  const viaJson = (value, key) => {
    const holder = { [key]: value };
    const copied = parse(stringify(holder));
    return hasOwn(copied, key) ? copied[key] : NONE;
  };
  const number = (value) => (value === 0 ? 0 : value - value === 0 ? value : null);

  // Without a prototype, so that no \`get\` or \`set\` an Action put on Object.prototype joins it.
  const define = (out, key, value) =>
    defineProperty(out, key, { __proto__: null, value, writable: true, enumerable: true, configurable: true });

  const copyItems = (value, depth) => {
    const length = value.length;
    const out = [];
    for (let index = 0; index < length; index++) {
      const item = value[index];
      let copied;
      if (typeof item === 'string' || typeof item === 'boolean' || item === null) copied = item;
      else if (typeof item === 'object') {
        copied = copyObject(item, index, depth + 1);
        if (copied === NONE) copied = null;
      } else if (typeof item === 'number') copied = number(item);
      else if (typeof item === 'bigint') copied = viaJson(item, index);
      else copied = null;
      // An index the prototypes hold (a setter an Action put there) is defined, as JSON does.
      if (intoActionRealm && index in ArrayPrototype) define(out, index, copied);
      else out[index] = copied;
    }
    return out;
  };

  // for-in with hasOwn visits the own enumerable string keys in Object.keys's order, from the
  // object's cached key list instead of a fresh array of them per object copied.
  const copyRecord = (value, depth) => {
    const out = {};
    for (const name in value) {
      if (!ownsKey(value, name)) continue;
      const item = value[name];
      let copied;
      if (typeof item === 'string' || typeof item === 'boolean' || item === null) copied = item;
      else if (typeof item === 'object') {
        copied = copyObject(item, name, depth + 1);
        if (copied === NONE) continue;
      } else if (typeof item === 'number') copied = number(item);
      else if (typeof item === 'bigint') copied = viaJson(item, name);
      else continue;
      // A name the prototype holds (\`__proto__\`, or a setter an Action added) is defined, as JSON does.
      if (name === '__proto__' || (intoActionRealm && name in ObjectPrototype)) define(out, name, copied);
      else out[name] = copied;
    }
    return out;
  };

  const copyObject = (value, key, depth) => {
    if (depth > maxDepth) throw RESTART;
    const prototype = getPrototypeOf(value);
    if (isArray(value)) {
      if (prototype !== ArrayPrototype && !isKnownPrototype(prototype)) return viaJson(value, key);
      if (typeof value.toJSON === 'function') return viaJson(value, key);
      return copyItems(value, depth);
    }
    if (prototype !== ObjectPrototype && prototype !== null && !isKnownPrototype(prototype))
      return viaJson(value, key);
    if (prototype === null && isRawJson !== undefined && isRawJson(value)) return viaJson(value, key);
    if (typeof value.toJSON === 'function') return viaJson(value, key);
    return copyRecord(value, depth);
  };

  return (value) => {
    if (typeof value === 'string' || typeof value === 'boolean' || value === null) return value;
    if (typeof value === 'number') return number(value);
    if (typeof value !== 'object' && typeof value !== 'bigint') return undefined;
    if (typeof value === 'object') {
      try {
        const copied = copyObject(value, '', 0);
        return copied === NONE ? undefined : copied;
      } catch (error) {
        if (error !== RESTART) throw error;
      }
    }
    const text = stringify(value);
    return text === undefined ? undefined : parse(text);
  };
})`;

/** The prototypes of plain objects and arrays in every realm the runtime made, the host's included. */
const knownPrototypes = new WeakSet<object>([Object.prototype, Array.prototype]);
const isKnownPrototype = (prototype: unknown): boolean =>
  typeof prototype === 'object' && prototype !== null && knownPrototypes.has(prototype);

/**
 * Makes values of `context`'s realm count as plain JSON data for every copier: an Action's claims
 * and metadata are objects of its realm. Call it before any Action code runs there.
 */
export const registerRealm = (context: vm.Context): void => {
  const [objectPrototype, arrayPrototype] = vm.runInContext(
    '[Object.prototype, Array.prototype]',
    context,
  ) as [object, object];
  knownPrototypes.add(objectPrototype);
  knownPrototypes.add(arrayPrototype);
};

/**
 * A copier whose copies are objects of `context`'s realm (of this realm without one). A realm's
 * copier must be made before any Action code runs in it: it takes the realm's intrinsics then.
 */
export const createJsonCopier = (context?: vm.Context): JsonCopier => {
  const factory = (
    context
      ? vm.runInContext(COPIER_SOURCE, context, { filename: 'json-copy.js' })
      : vm.runInThisContext(COPIER_SOURCE, { filename: 'json-copy.js' })
  ) as (known: (prototype: unknown) => boolean, intoActionRealm: boolean, maxDepth: number) => JsonCopier;
  return factory(isKnownPrototype, context !== undefined, MAX_DEPTH);
};
