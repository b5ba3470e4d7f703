import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFormEncoded } from '../../../emulator/tenant/login/form-encoded.ts';

// The login endpoints read queries and form bodies with parseFormEncoded; it must read any text exactly
// as URLSearchParams does, malformed escapes, bytes that are not UTF-8 and lone surrogates included.

const viaUrlSearchParams = (text: string) => Object.fromEntries(new URLSearchParams(`?${text}`));

/** Text made of what form encoding treats specially, escapes (good and broken) and other characters. */
const formText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '&',
        '=',
        '+',
        '%',
        '?',
        '__proto__',
        'constructor',
        'a',
        'b',
        'é',
        '😀',
        '\uD800',
        '\uDC00',
      ),
      fc.constantFrom(
        '%20',
        '%2B',
        '%26',
        '%3D',
        '%C3%A9',
        '%F0%9F%98%80',
        '%FF',
        '%C3',
        '%E2%82',
        '%zz',
        '%2',
        '%ED%A0%80',
        '%EF%BB%BF',
      ),
      fc.string({ maxLength: 4 }),
      fc.string({ unit: 'binary', maxLength: 3 }),
    ),
    { maxLength: 24 },
  )
  .map((parts) => parts.join(''));

describe('form-encoded text', () => {
  it('reads as Object.fromEntries(new URLSearchParams(text)) does, for any text', () => {
    fc.assert(
      fc.property(formText, (text) => {
        const parsed = parseFormEncoded(text);
        const expected = viaUrlSearchParams(text);
        expect(Object.entries(parsed)).toEqual(Object.entries(expected));
        expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads an /authorize query and a token request the way the endpoints need them', () => {
    expect(
      parseFormEncoded(
        'client_id=spa&scope=openid+profile&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=a%2Bb&state=last&flag&=empty&__proto__=x',
      ),
    ).toEqual(
      Object.fromEntries([
        ['client_id', 'spa'],
        ['scope', 'openid profile'],
        ['redirect_uri', 'https://app.example/cb'],
        ['state', 'last'],
        ['flag', ''],
        ['', 'empty'],
        ['__proto__', 'x'],
      ]),
    );
  });
});
