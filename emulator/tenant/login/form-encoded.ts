// `application/x-www-form-urlencoded` (a query string, a form body) as `Object.fromEntries(new
// URLSearchParams(text))` reads it: the last of repeated names wins, in the place of the first. Node's
// URLSearchParams decodes in JavaScript, 8 µs for an /authorize query here; `decodeURIComponent` does the
// same decoding natively whenever it can, which is for every well-formed component: it throws on a
// malformed `%` sequence or bytes that are not UTF-8, where the form decoding keeps the `%` as it is
// and puts U+FFFD for the bytes, and only those components are handed to URLSearchParams.

/** A UTF-16 surrogate not in a pair (with the `u` flag a pair is one code point, not `Cs`). */
const LONE_SURROGATE = /\p{Cs}/u;

/** One name or value: `+` is a space, then percent-decoding as UTF-8. */
const decodeComponent = (raw: string): string => {
  const spaced = raw.includes('+') ? raw.replaceAll('+', ' ') : raw;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return new URLSearchParams(`x=${raw}`).get('x') ?? '';
  }
};

/**
 * The name-value pairs of form-encoded text, without a leading `?` (URLSearchParams drops one from
 * a string it is given; a URL's query has none).
 */
export const parseFormEncoded = (text: string): Record<string, string> => {
  // A lone surrogate (never in text decoded from bytes) is turned into U+FFFD by URLSearchParams.
  if (LONE_SURROGATE.test(text)) return Object.fromEntries(new URLSearchParams(`?${text}`));
  const params: Record<string, string> = {};
  for (const sequence of text.split('&')) {
    if (sequence === '') continue;
    const at = sequence.indexOf('=');
    const name = decodeComponent(at < 0 ? sequence : sequence.slice(0, at));
    const value = at < 0 ? '' : decodeComponent(sequence.slice(at + 1));
    // Defined, not assigned, as Object.fromEntries does: `__proto__` is then a name like any other.
    if (name === '__proto__')
      Object.defineProperty(params, name, { value, writable: true, enumerable: true, configurable: true });
    else params[name] = value;
  }
  return params;
};
