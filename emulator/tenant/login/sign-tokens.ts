import { SignJWT } from 'jose';
import type { SigningKeys } from './signing-keys.ts';

/**
 * Signs a token payload the Actions runtime produced (iss, sub, aud, iat, exp, custom claims...)
 * exactly as given: the runtime decides every claim, this only adds the RS256 signature and `kid`.
 */
export const signToken = (keys: SigningKeys, payload: Record<string, unknown>): Promise<string> =>
  new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: keys.kid }).sign(keys.privateKey);
