import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

export interface VerifiedCaller {
  /** The user id, taken from the token's `sub` and from nowhere else. */
  readonly userId: string;
  readonly claims: JWTPayload;
}

export type TokenCheck =
  | { readonly ok: true; readonly caller: VerifiedCaller }
  | { readonly ok: false; readonly status: 401 | 503; readonly message: string };

export interface TokenRules {
  readonly issuer: string;
  readonly audience: string;
  /** The tenant's signing keys: `createRemoteJWKSet(jwksUrl)` in production, a local set in tests. */
  readonly keys: JWTVerifyGetKey;
}

/** Auth0 signs our API's access tokens with RS256; accepting anything else invites key confusion. */
const ALGORITHMS = ['RS256'];

const DOT_SEGMENT = /^\.{1,2}$/;

const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer ([A-Za-z0-9_.~+/=-]+)$/.exec(header ?? '');
  return match?.[1];
};

/** Why a token was refused, in words safe to send back: never the token or its claims. */
const describeRefusal = (error: unknown): string => {
  if (error instanceof errors.JWTExpired) return 'the access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return `the access token's ${error.claim} is not accepted`;
  if (error instanceof errors.JOSEAlgNotAllowed) return 'the access token must be signed with RS256';
  if (error instanceof errors.JWKSNoMatchingKey) return "the access token is not signed by the tenant's keys";
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature is invalid';
  return 'the access token is malformed';
};

/**
 * Verifies the caller's bearer access token: signature against the tenant's keys, RS256 only,
 * issuer, audience, expiry, and a `sub`. Scopes are checked per route by the caller of this function.
 */
export const verifyAccessToken = async (
  authorization: string | undefined,
  rules: TokenRules,
): Promise<TokenCheck> => {
  const token = bearerToken(authorization);
  if (token === undefined) {
    return {
      ok: false,
      status: 401,
      message: 'send the access token for this API as "Authorization: Bearer <token>"',
    };
  }
  try {
    const { payload } = await jwtVerify(token, rules.keys, {
      issuer: rules.issuer,
      audience: rules.audience,
      algorithms: ALGORITHMS,
      requiredClaims: ['sub', 'exp'],
    });
    // `sub` becomes a path segment of the Management API call; `.` or `..` would be resolved away by
    // URL parsing and point the call at another resource (`/api/v2/users/.` lists every user).
    if (typeof payload.sub !== 'string' || payload.sub === '' || DOT_SEGMENT.test(payload.sub)) {
      return { ok: false, status: 401, message: "the access token's sub is not accepted" };
    }
    return { ok: true, caller: { userId: payload.sub, claims: payload } };
  } catch (error) {
    // The key set could not be fetched: our problem or the tenant's, not the caller's.
    const keysUnavailable =
      error instanceof errors.JWKSTimeout ||
      error instanceof errors.JWKSInvalid ||
      !(error instanceof errors.JOSEError);
    if (keysUnavailable) {
      return {
        ok: false,
        status: 503,
        message: "the tenant's signing keys could not be fetched; retry later",
      };
    }
    return { ok: false, status: 401, message: describeRefusal(error) };
  }
};
