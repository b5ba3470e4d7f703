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
 * An upper bound of `jsonBytes(value)` that reads lengths instead of writing JSON: almost every
 * claim is far under its budget, and this bound is enough to show it. Anything whose JSON it cannot
 * bound cheaply (toJSON, boxed primitives, class instances, undefined), or that passes `limit`, gives
 * Infinity, which sends the caller to the exact count. Counting against what is left of `limit` also
 * ends the walk of a cyclic value, which the exact count then refuses as JSON.stringify does.
 */
export const jsonBytesAtMost = (value: unknown, limit: number): number => {
  let bytes = 2; // quotes, brackets or braces; in a container, each entry counts one comma too many
  if (typeof value === 'string') bytes += MAX_BYTES_PER_UNIT * value.length;
  else if (typeof value === 'number') bytes = MAX_NUMBER_BYTES;
  else if (typeof value === 'boolean' || value === null) bytes = 5;
  else if (typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return Infinity;
  } else if (Array.isArray(value)) {
    // By index: a hole prints `null` and reads as undefined here, which gives Infinity.
    for (let i = 0; i < value.length && bytes <= limit; i++) {
      bytes += 1 + jsonBytesAtMost(value[i], limit - bytes - 1);
    }
  } else {
    // Boxed primitives print their primitive: only plain objects print their own keys.
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return Infinity;
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (bytes > limit) break;
      if (Object.hasOwn(record, key)) {
        bytes += 4 + MAX_BYTES_PER_UNIT * key.length; // `"key":` and a comma
        bytes += jsonBytesAtMost(record[key], limit - bytes);
      }
    }
  }
  return bytes <= limit ? bytes : Infinity;
};
