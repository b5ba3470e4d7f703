import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

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
