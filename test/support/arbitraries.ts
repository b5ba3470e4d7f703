import fc from 'fast-check';

// Generators in place of two of fast-check's own. Its `unit: 'binary'`, and `webUrl()` which
// percent-encodes code points drawn from it, build a map of all 1.1 million code points the first time
// either is used in a process: 1.6-3 s of CPU in each test worker, a tenth of the unit suite's CPU.

/**
 * One code point of the whole range U+0000-U+10FFFF as a string: one UTF-16 unit below U+10000, a
 * surrogate pair above, and a lone surrogate for U+D800-U+DFFF (fast-check's `'binary'` leaves the
 * surrogates out). For `fc.string({ unit: anyCodePoint })`. The unmapper lets fast-check shrink values
 * it did not generate and slip in its risky strings (`__proto__`, `constructor`), as for its own units.
 */
export const anyCodePoint: fc.Arbitrary<string> = fc.integer({ min: 0, max: 0x10ffff }).map(
  (codePoint) => String.fromCodePoint(codePoint),
  (value) => {
    const codePoint = typeof value === 'string' ? value.codePointAt(0) : undefined;
    if (codePoint === undefined || String.fromCodePoint(codePoint) !== value) {
      throw new Error(`${JSON.stringify(value)} is not one code point`);
    }
    return codePoint;
  },
);

const SURROGATES = 0xe000 - 0xd800;
/** A code point outside the surrogates, percent-encoded as a URL path carries it. */
const percentEncoded = fc.integer({ min: 0, max: 0x10ffff - SURROGATES }).map((index) => {
  const char = String.fromCodePoint(index < 0xd800 ? index : index + SURROGATES);
  const encoded = encodeURIComponent(char);
  return encoded !== char ? encoded : `%${char.charCodeAt(0).toString(16)}`;
});
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** RFC 3986's path segment: unreserved characters, sub-delimiters, `:` and `@`, or a percent-encoding. */
const segment = fc.string({
  unit: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...ALPHANUMERIC, ...`-._~!$&'()*+,;=:@`) },
    { weight: 1, arbitrary: percentEncoded },
  ),
});

/** What `fc.webUrl()` gives: an http or https URL of a domain name and a path of any segments. */
export const webUrl = (): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('http', 'https'), fc.domain(), fc.array(segment))
    .map(
      ([scheme, domain, segments]) => `${scheme}://${domain}${segments.map((part) => `/${part}`).join('')}`,
    );
