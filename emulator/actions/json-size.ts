// The UTF-8 length of a value's JSON text, counted without writing it: a login sizes every claim and
// both token payloads, and the audit each legacy Rule claim (a user's whole metadata), and the text
// was written only to be measured and dropped. The count walks plain data (objects of any realm's
// `Object.prototype` or none, arrays, strings, finite numbers, booleans, null) and, on meeting
// anything else (a `toJSON`, a Date, a boxed primitive, a BigInt, nesting deeper than MAX_DEPTH),
// measures the whole value through JSON.stringify instead, so the answer is always JSON's.

/** Deeper than this, JSON.stringify measures: it also reports a cycle as JSON does. */
const MAX_DEPTH = 64;

/** Thrown inside the walk when JSON.stringify must measure the whole value instead. */
const ASK_JSON = Symbol('ask JSON');

const namesMeasured = new Map<string, number>();
/** Names kept at most, and their longest: metadata, payload and claim names repeat from login to login. */
const MAX_NAMES_MEASURED = 4_096;
const MAX_NAME_KEPT = 256;

/** UTF-8 length of a string as JSON writes it, quotes included. */
export const jsonStringBytes = (text: string): number => {
  let bytes = 2;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) {
      if (code >= 0x20) bytes += code === 0x22 || code === 0x5c ? 2 : 1;
      // \b \t \n \f \r have two-character escapes; other control characters are written \u00XX.
      else bytes += code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d ? 2 : 6;
    } else if (code < 0x800) bytes += 2;
    else if (code < 0xd800 || code > 0xdfff) bytes += 3;
    else if (code <= 0xdbff && index + 1 < length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 6;
    } else bytes += 6; // a lone surrogate, written \uXXXX
  }
  return bytes;
};

/**
 * UTF-8 length of `"name"` as JSON writes a member name or a claim name; kept for the first few
 * thousand short names, which repeat from login to login.
 */
export const nameBytes = (name: string): number => {
  let bytes = namesMeasured.get(name);
  if (bytes === undefined) {
    bytes = jsonStringBytes(name);
    if (namesMeasured.size < MAX_NAMES_MEASURED && name.length <= MAX_NAME_KEPT)
      namesMeasured.set(name, bytes);
  }
  return bytes;
};

const numberBytes = (value: number): number => (Number.isFinite(value) ? `${value}`.length : 4);

/** Node 21+: `JSON.rawJSON` values are null-prototype objects that JSON writes as their raw text. */
const isRawJson = (JSON as { isRawJSON?: (value: unknown) => boolean }).isRawJSON;

/**
 * Whether JSON writes `value` from its own keys (or items): an array, or an object of some realm's
 * `Object.prototype` or of none, which rules out boxed primitives (whose prototype's is an
 * `Object.prototype`), Dates, Maps and class instances.
 */
const isPlain = (value: object): boolean => {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value) as object | null;
  if (prototype === null) return isRawJson === undefined || !isRawJson(value);
  return prototype === Object.prototype || Object.getPrototypeOf(prototype) === null;
};

/** Bytes of a member's value inside an object or array; -1 when JSON leaves it out. */
const valueBytes = (value: unknown, depth: number): number => {
  switch (typeof value) {
    case 'string':
      return jsonStringBytes(value);
    case 'number':
      return numberBytes(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'object':
      return value === null ? 4 : objectBytes(value, depth + 1);
    case 'bigint':
      throw ASK_JSON;
    default:
      return -1;
  }
};

/** Bound: V8 answers it from a for-in's key list, where Object.hasOwn is a call per key (json-copy.ts). */
const ownsKey = Function.prototype.call.bind(Object.prototype.hasOwnProperty) as (
  value: object,
  key: string,
) => boolean;

const objectBytes = (value: object, depth: number): number => {
  if (depth > MAX_DEPTH || !isPlain(value)) throw ASK_JSON;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') throw ASK_JSON;
  if (Array.isArray(value)) {
    const length = value.length;
    // The brackets, and a comma between two items.
    let bytes = 2 + Math.max(length - 1, 0);
    for (let index = 0; index < length; index++) {
      const item = valueBytes(value[index], depth);
      bytes += item < 0 ? 4 : item;
    }
    return bytes;
  }
  let bytes = 2;
  let members = 0;
  // for-in with hasOwn: Object.keys's keys in its order, without a fresh array of them per object.
  for (const key in value) {
    if (!ownsKey(value, key)) continue;
    const item = valueBytes((value as Record<string, unknown>)[key], depth);
    if (item < 0) continue;
    bytes += nameBytes(key) + 1 + item; // the name, `:` and the value
    members++;
  }
  return bytes + Math.max(members - 1, 0);
};

/** The UTF-8 length of `JSON.stringify(value)`; 0 for a value JSON has no text for (`undefined`, a function). */
export const jsonBytes = (value: unknown): number => {
  if (typeof value === 'object' && value !== null) {
    try {
      return objectBytes(value, 0);
    } catch (error) {
      if (error !== ASK_JSON) throw error;
    }
  } else if (typeof value !== 'bigint') return Math.max(0, valueBytes(value, 0));
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
};
