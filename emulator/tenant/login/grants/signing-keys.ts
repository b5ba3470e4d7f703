import { KeyObject, sign } from 'node:crypto';
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

const keyObjects = new WeakMap<CryptoKey, KeyObject>();

const keyObjectOf = (key: CryptoKey): KeyObject => {
  let found = keyObjects.get(key);
  if (!found) {
    found = KeyObject.from(key);
    keyObjects.set(key, found);
  }
  return found;
};

const base64url = (json: unknown): string => Buffer.from(JSON.stringify(json)).toString('base64url');

/** The JWS header is the same for every token a key signs: encoded once per key. */
const headers = new WeakMap<SigningKeys, string>();
const headerOf = (keys: SigningKeys): string => {
  let header = headers.get(keys);
  if (header === undefined) {
    header = base64url({ alg: 'RS256', typ: 'JWT', kid: keys.kid });
    headers.set(keys, header);
  }
  return header;
};

const signingInput = (keys: SigningKeys, payload: Record<string, unknown>): string =>
  `${headerOf(keys)}.${base64url(payload)}`;

/**
 * Signs a token payload the Actions runtime produced (iss, sub, aud, iat, exp, custom claims...)
 * exactly as given: the runtime decides every claim, this only adds the RS256 signature and `kid`.
 * The compact JWS is written here and signed by Node's crypto in libuv's pool, off the event loop:
 * jose's SignJWT (WebCrypto) wrote the same bytes at about twice the event loop's time a token.
 */
export const signToken = (keys: SigningKeys, payload: Record<string, unknown>): Promise<string> => {
  const input = signingInput(keys, payload);
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), keyObjectOf(keys.privateKey), (error, signature) => {
      if (error) reject(error);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
};

/**
 * The same token as `signToken`, signed on the calling thread: for a tenant with nothing else to do,
 * which then spares the pool's thread its wake-up and itself the wake-up that reports it done.
 */
export const signTokenNow = (keys: SigningKeys, payload: Record<string, unknown>): string => {
  const input = signingInput(keys, payload);
  return `${input}.${sign('sha256', Buffer.from(input), keyObjectOf(keys.privateKey)).toString('base64url')}`;
};
