import * as v from 'valibot';

// Validators for metadata values. They run inside the Post-Login Action bundle, so they lean on the
// runtime's own Intl data instead of shipping tables: Node 22 on Auth0 has full ICU.

// Constructing an `Intl.DateTimeFormat` costs ~40 µs: shaping remembers each schema's answer for a
// string value (shape-claims.ts), so a login pays it once per distinct zone or language, not each time.

const isCanonicalizableLocale = (tag: string): boolean => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};

const isIanaTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

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

/**
 * Code points a display text may not hold: controls (C0, DEL, C1: U+0000-001F, U+007F-009F), format
 * characters (bidi embeddings, overrides and isolates U+202A-202E and U+2066-2069, marks such as U+200E,
 * zero-width U+200B-200D and U+2060, the BOM U+FEFF, the soft hyphen), line and paragraph separators,
 * and surrogates, which in `u` mode match only when unpaired. Format characters let a name display
 * as something else (`\u202e` reverses what follows); controls reach terminals and logs; a lone
 * surrogate makes the ID token's JSON invalid UTF-8, which strict parsers refuse. This refuses the
 * zero-width joiner too, so emoji ZWJ sequences and ZWNJ spellings (Persian) are refused: a name can do
 * without them, a spoofed one cannot be told apart.
 */
const FORBIDDEN_IN_DISPLAY_TEXT = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;
/** The same set as a whole-string pattern, so the generated JSON Schema carries the rule too. */
const DISPLAY_TEXT_PATTERN = /^[^\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]*$/u;

const codePointName = (char: string): string =>
  `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character a display text may not hold, as `U+202E`, or undefined when there is none. */
export const forbiddenDisplayCharacter = (text: string): string | undefined => {
  const found = FORBIDDEN_IN_DISPLAY_TEXT.exec(text);
  return found === null ? undefined : codePointName(found[0]);
};

/**
 * The one rule for text shown to people as a name (defined here once: the API refuses what breaks it
 * with a 400 naming the field, the Action drops it from tokens): well-formed Unicode in NFC, none of
 * the characters above, no leading or trailing white space, 1 to `maxChars` UTF-16 units.
 */
export const displayText = (maxChars: number) =>
  v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(maxChars),
    v.regex(
      DISPLAY_TEXT_PATTERN,
      (issue) =>
        `has ${forbiddenDisplayCharacter(String(issue.input))}, a control, format (bidi, zero-width) or ` +
        'unpaired surrogate character; remove it',
    ),
    // Only well-formed text reaches here, so normalize() cannot throw or replace anything.
    v.check((text) => text.normalize('NFC') === text, 'is not in Unicode NFC (send text.normalize("NFC"))'),
    v.check((text) => text.trim() === text, 'has leading or trailing white space'),
  );

/** A lower-case identifier: tenant slugs, role names. */
export const slug = (maxChars: number) =>
  v.pipe(v.string(), v.maxLength(maxChars), v.regex(/^[a-z0-9][a-z0-9_.:-]*$/));
