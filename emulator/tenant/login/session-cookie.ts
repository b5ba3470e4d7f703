import { readCookie } from './request-params.ts';

/** Auth0's Universal Login session cookie is named `auth0` too. */
export const SESSION_COOKIE = 'auth0';

/** `Secure` only where the browser would keep it: a tenant served over plain http on loopback is not. */
export const sessionCookie = (sessionId: string, issuer: string): string => {
  const secure = issuer.startsWith('https:');
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}`;
};

export const expiredSessionCookie = (): string => `${SESSION_COOKIE}=; Path=/; HttpOnly; Max-Age=0`;

export const readSessionId = (request: Request): string | undefined => readCookie(request, SESSION_COOKIE);
