import * as v from 'valibot';

// Validators for metadata values. They run inside the Post-Login Action bundle, so they lean on the
// runtime's own Intl data instead of shipping tables: Node 22 on Auth0 has full ICU.

const MEMO_LIMIT = 1_000;

/**
 * Remembers a predicate's answers. Constructing an `Intl.DateTimeFormat` costs ~40 µs, most of a
 * login's claim work; an Action instance serves many logins, and users share a few hundred zones and
 * languages. Bounded so odd inputs cannot grow it without limit: when full, it starts over.
 */
const memoized = (test: (value: string) => boolean): ((value: string) => boolean) => {
  const answers = new Map<string, boolean>();
  return (value) => {
    const known = answers.get(value);
    if (known !== undefined) return known;
    const answer = test(value);
    if (answers.size >= MEMO_LIMIT) answers.clear();
    answers.set(value, answer);
    return answer;
  };
};

const isCanonicalizableLocale = memoized((tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
});

const isIanaTimeZone = memoized((zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
});

/** A BCP 47 language tag such as `en`, `en-GB` or `zh-Hant-TW` (RFC 5646 allows 35 characters). */
export const bcp47LanguageTag = v.pipe(
  v.string(),
  v.title('BCP 47 language tag'),
  v.minLength(2),
  v.maxLength(35),
  v.regex(/^[A-Za-z0-9-]+$/),
  v.check(isCanonicalizableLocale, 'not a BCP 47 language tag'),
);

/** An IANA time zone name such as `Europe/Paris` or `UTC`. */
export const ianaTimeZone = v.pipe(
  v.string(),
  v.title('IANA time zone name'),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[A-Za-z0-9_+\-/]+$/),
  v.check(isIanaTimeZone, 'not an IANA time zone'),
);

/** Printable text without control characters, trimmed, bounded in characters. */
export const displayText = (maxChars: number) =>
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(maxChars),
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this rejects
    v.regex(/^[^\u0000-\u001f\u007f]*$/u),
    v.check((text) => text.trim() === text, 'leading or trailing white space'),
  );

/** A lower-case identifier: tenant slugs, role names. */
export const slug = (maxChars: number) =>
  v.pipe(v.string(), v.maxLength(maxChars), v.regex(/^[a-z0-9][a-z0-9_.:-]*$/));
