import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { s256Challenge, verifyCodeVerifier } from '../../../emulator/tenant/login/grants/pkce.ts';

const verifier = fc.stringMatching(/^[A-Za-z0-9\-._~]{43,128}$/);

describe('PKCE S256', () => {
  it('matches the RFC 7636 appendix B example', () => {
    const example = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    expect(s256Challenge(example)).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(verifyCodeVerifier(example, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM')).toBe(true);
  });

  it('accepts exactly the verifier the challenge was made from', () => {
    fc.assert(
      fc.property(verifier, verifier, (a, b) => {
        expect(verifyCodeVerifier(a, s256Challenge(a))).toBe(true);
        expect(verifyCodeVerifier(b, s256Challenge(a))).toBe(a === b);
      }),
    );
  });

  it('refuses malformed verifiers even when they hash right', () => {
    const short = 'abc';
    expect(verifyCodeVerifier(short, s256Challenge(short))).toBe(false);
    const spaced = `${'a'.repeat(42)} b`;
    expect(verifyCodeVerifier(spaced, s256Challenge(spaced))).toBe(false);
  });
});
