import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JsonObject } from '../../core/json.ts';

// `api.redirect.encodeToken` / `validateToken` as Auth0's "Redirect with Actions" documents them: an
// HS256 JWT signed with a secret the Action holds, carrying `iss` (the tenant's domain), `sub` (the
// user), `ip` (the address of the login request), `iat` and `exp`. Coming back, "Redirect with
// Actions" has Auth0 check the signature, the expiry and the `state` claim (the /continue state);
// Auth0's support article "Getting Error of 'Missing or invalid standard claims' during Actions
// Redirect" adds that `iat`, `exp`, `sub` (the user's id) and `iss` must be there, or the token is
// refused with that message. Both are synchronous in Auth0's API, so they are written on
// node:crypto here (jose only signs asynchronously); the tests check them against jose.

/** Auth0's default lifetime of an encoded redirect token: 15 minutes. */
export const DEFAULT_REDIRECT_TOKEN_SECONDS = 900;
/** Where `validateToken` looks for the token unless told otherwise. */
export const DEFAULT_TOKEN_PARAMETER = 'session_token';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const signature = (secret: string, signingInput: string): Buffer =>
  createHmac('sha256', secret).update(signingInput).digest();

export interface EncodeInput {
  secret: string;
  payload: JsonObject;
  expiresInSeconds: number;
  /** The tenant's domain, for `iss`. */
  domain: string;
  userId: string;
  /** The IP address of the originating authentication request. */
  ip: string;
  /** Milliseconds since the Unix epoch. */
  now: number;
}

/** The compact HS256 JWT: the Action's payload, then Auth0's own claims, which the payload cannot replace. */
export const encodeRedirectToken = (input: EncodeInput): string => {
  const iat = Math.floor(input.now / 1000);
  const claims = {
    ...input.payload,
    iss: input.domain,
    sub: input.userId,
    ip: input.ip,
    iat,
    exp: iat + input.expiresInSeconds,
  };
  const signingInput = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signingInput}.${signature(input.secret, signingInput).toString('base64url')}`;
};

export interface ValidateInput {
  token: string;
  secret: string;
  /** The state of the /continue request this token came back with. */
  state: string;
  /** The id of the user logging in, which `sub` must be. */
  userId: string;
  /** Milliseconds since the Unix epoch. */
  now: number;
}

const isNumericDate = (value: unknown) => typeof value === 'number' && Number.isFinite(value);

/** What is wrong with the claims Auth0 requires of a returned token, if anything. */
const standardClaimProblem = (claims: JsonObject, userId: string): string | undefined => {
  const missing = ['iat', 'exp', 'sub', 'iss'].filter((name) => claims[name] === undefined);
  if (missing.length > 0) return `the token carries no ${missing.join(', ')}`;
  if (!isNumericDate(claims.iat) || !isNumericDate(claims.exp))
    return 'iat and exp must be Unix timestamps in seconds';
  if (typeof claims.iss !== 'string' || claims.iss === '') return 'iss must be a non-empty string';
  if (claims.sub !== userId) return `sub must be the user's id (${userId})`;
  return undefined;
};

/** The token's claims, or why it is invalid: the sentence after "The session token is invalid: ". */
export const validateRedirectToken = (
  input: ValidateInput,
): { ok: true; payload: JsonObject } | { ok: false; reason: string } => {
  const parts = input.token.split('.');
  const [header, body, signed] = parts;
  if (parts.length !== 3 || header === undefined || body === undefined || signed === undefined) {
    return { ok: false, reason: 'it is not a compact JWT (three base64url parts).' };
  }
  let alg: unknown;
  let payload: unknown;
  try {
    alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'its header or payload is not base64url JSON.' };
  }
  if (alg !== 'HS256') return { ok: false, reason: `it is signed with ${String(alg)}, not HS256.` };
  const expected = signature(input.secret, `${header}.${body}`);
  const given = Buffer.from(signed, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'the signature does not match the secret.' };
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, reason: 'its payload is not a JSON object.' };
  }
  const claims = payload as JsonObject;
  if (claims.state !== input.state) {
    return { ok: false, reason: 'State in the token does not match the /continue state.' };
  }
  const problem = standardClaimProblem(claims, input.userId);
  if (problem) return { ok: false, reason: `Missing or invalid standard claims: ${problem}.` };
  if ((claims.exp as number) * 1000 <= input.now) return { ok: false, reason: 'it has expired.' };
  return { ok: true, payload: claims };
};
