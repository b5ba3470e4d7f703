/**
 * UTF-8 length of a string without encoding it: the claims code runs in Auth0's Node and in the
 * browser (`app/`), and TextEncoder would allocate a buffer per call on the login path. Lone
 * surrogates count as U+FFFD (3 bytes), as an encoder would write them.
 */
export const utf8ByteLength = (text: string): number => {
  let bytes = 0;
  // By code point: a surrogate pair is one (4 bytes), a lone surrogate one of U+D800-DFFF (3 bytes).
  for (const char of text) {
    const point = char.codePointAt(0) as number;
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  }
  return bytes;
};

/** UTF-8 bytes of a value's JSON text. */
export const jsonBytes = (value: unknown): number => utf8ByteLength(JSON.stringify(value) ?? '');

/** UTF-8 bytes of a claim as its budget counts them: the JSON name plus the JSON value. */
export const claimBytes = (name: string, value: unknown): number => jsonBytes(name) + jsonBytes(value);

/**
 * Worst-case JSON bytes of one string: quotes, then at most 6 bytes per UTF-16 unit (`\u001f` for
 * a control character or a lone surrogate; 3 bytes for other BMP characters, 4 for a surrogate pair).
 */
const MAX_BYTES_PER_UNIT = 6;
/** `-0.0000012345678901234567`: 17 digits after six zeros; no number prints longer. */
const MAX_NUMBER_BYTES = 25;

/**
 * An upper bound of `jsonBytes(value)` read from lengths instead of written JSON, for what schemas
 * output: strings, numbers, booleans, null and arrays of them. Anything else (an object, undefined,
 * an array with a `toJSON` or a hole) gives Infinity, which sends the caller to the exact count.
 */
export const jsonBytesBound = (value: unknown): number => {
  if (typeof value === 'string') return 2 + MAX_BYTES_PER_UNIT * value.length;
  if (typeof value === 'number') return MAX_NUMBER_BYTES;
  if (typeof value === 'boolean' || value === null) return 5;
  if (!Array.isArray(value) || typeof (value as { toJSON?: unknown }).toJSON === 'function') return Infinity;
  // By index: a hole prints `null` and reads as undefined here, which gives Infinity.
  let bytes = 2;
  for (let index = 0; index < value.length; index++) bytes += 1 + jsonBytesBound(value[index]);
  return bytes;
};

/** The bound of an object member's name as JSON writes it, with its `:` and a comma: `"name":,`. */
export const memberBytesBound = (name: string): number => 4 + MAX_BYTES_PER_UNIT * name.length;
