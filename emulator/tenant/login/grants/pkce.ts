import { createHash, hash, timingSafeEqual } from 'node:crypto';

// RFC 7636: a verifier is 43-128 characters of [A-Z a-z 0-9 - . _ ~]; the S256 challenge is
// BASE64URL(SHA256(verifier)). Auth0 accepts `plain` too, but nothing we ship uses it, so the local
// tenant refuses it rather than let a weaker client pass here and fail nowhere else.
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

export const isCodeChallenge = (challenge: string): boolean => CHALLENGE.test(challenge);

export const s256Challenge = (verifier: string): string =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** True only when the verifier is well-formed and hashes to the challenge the code was issued with. */
export const verifyCodeVerifier = (verifier: string, challenge: string): boolean => {
  if (!VERIFIER.test(verifier)) return false;
  const expected = Buffer.from(challenge, 'ascii');
  // A well-formed verifier is ASCII, whose UTF-8 is its bytes: the one-shot hash, without a Hash object.
  const actual = Buffer.from(hash('sha256', verifier, 'base64url'), 'ascii');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};
