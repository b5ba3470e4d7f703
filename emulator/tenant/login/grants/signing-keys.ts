import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** The tenant's token signing key: made at start, never written anywhere, gone when the process ends. */
export interface SigningKeys {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export interface JsonWebKeySet {
  keys: JWK[];
}

/** An RS256 key pair, as Auth0 signs with: 2048-bit RSA, `kid` = the public key's JWK thumbprint. */
export const createSigningKeys = async (): Promise<SigningKeys> => {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } };
};

/** What `/.well-known/jwks.json` serves: the public half only. */
export const jsonWebKeySet = (keys: SigningKeys): JsonWebKeySet => ({ keys: [keys.publicJwk] });

/**
 * Signs a token payload the Actions runtime produced (iss, sub, aud, iat, exp, custom claims...)
 * exactly as given: the runtime decides every claim, this only adds the RS256 signature and `kid`.
 */
export const signToken = (keys: SigningKeys, payload: Record<string, unknown>): Promise<string> =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid }).sign(keys.privateKey);
