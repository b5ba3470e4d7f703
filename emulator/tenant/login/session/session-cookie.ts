import { readCookie } from '../params.ts';

/** Auth0's Universal Login session cookie is named `auth0` too. */
export const SESSION_COOKIE = 'auth0';

/**
 * `Secure` only where the browser would keep it. Decided by the URL the browser reached, not by the
 * issuer: on loopback (`npm start`) the issuer still says https while the browser talks plain http.
 */
export const sessionCookie = (sessionId: string, servedAt: string): string => {
  const secure = servedAt.startsWith('https:');
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}`;
};

export const expiredSessionCookie = (): string => `${SESSION_COOKIE}=; Path=/; HttpOnly; Max-Age=0`;

export const readSessionId = (request: Request): string | undefined => readCookie(request, SESSION_COOKIE);
