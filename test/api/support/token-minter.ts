import {
  createLocalJWKSet,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWTPayload,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';

export const TEST_ISSUER = 'https://tenant.test/';
export const TEST_AUDIENCE = 'https://api.test/preferences';
const KID = 'test-key-1';

export interface TokenMinter {
  /** The tenant's public key set, as the API would fetch it from the JWKS endpoint. */
  readonly keys: JWTVerifyGetKey;
  readonly jwks: { keys: object[] };
  /** A valid RS256 access token for our API, with the claims overridden as given. */
  accessToken(
    claims: JWTPayload & { sub: string },
    options?: { expiresIn?: string | number },
  ): Promise<string>;
  /** The PEM text of the public key, for key-confusion attacks. */
  readonly publicKeyPem: string;
}

/** Signs access tokens like the tenant does, with a key pair made for this test run. */
export const createTokenMinter = async (): Promise<TokenMinter> => {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  const jwks = { keys: [jwk] };
  return {
    keys: createLocalJWKSet(jwks),
    jwks,
    publicKeyPem: await exportSPKI(publicKey),
    accessToken: (claims, options = {}) =>
      new SignJWT({ iss: TEST_ISSUER, aud: TEST_AUDIENCE, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' })
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '10m')
        .sign(privateKey),
  };
};

export const BOTH_SCOPES = 'openid read:preferences update:preferences';
