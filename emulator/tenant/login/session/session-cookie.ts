import { readCookie } from '../params.ts';

export type CookieMode = 'persistent' | 'non-persistent';

/** Auth0's default: a login session lasts 3 days of inactivity at most. */
export const SESSION_LIFETIME_S = 3 * 24 * 3600;

/** Auth0's Universal Login session cookie is named `auth0` too. */
export const SESSION_COOKIE = 'auth0';

/**
 * `Secure` only where the browser would keep it. Decided by the URL the browser reached, not by the
 * issuer: on loopback (`npm start`) the issuer still says https while the browser talks plain http.
 */
export const sessionCookie = (
  sessionId: string,
  servedAt: string,
  mode: CookieMode = 'persistent',
): string => {
  const secure = servedAt.startsWith('https:');
  // Persistent (Auth0's default) outlives the browser for the session's lifetime; non-persistent
  // has no Max-Age, so the browser drops it when it closes (the session itself stays valid).
  const lifetime = mode === 'persistent' ? `; Max-Age=${SESSION_LIFETIME_S}` : '';
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}${lifetime}`;
};

export const expiredSessionCookie = (): string => `${SESSION_COOKIE}=; Path=/; HttpOnly; Max-Age=0`;

export const readSessionId = (request: Request): string | undefined => readCookie(request, SESSION_COOKIE);
