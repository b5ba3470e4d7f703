import { readCookie } from '../params.ts';

export type CookieMode = 'persistent' | 'non-persistent';

/** Auth0's default: a login session lasts 3 days of inactivity at most. */
export const SESSION_LIFETIME_S = 3 * 24 * 3600;

/** Auth0's Universal Login session cookie is named `auth0` too. */
export const SESSION_COOKIE = 'auth0';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `SameSite=None; Secure`, as Auth0 sets it, wherever the browser keeps a Secure cookie: https, and
 * loopback, which browsers count as secure. That is what lets a silent login in a hidden iframe
 * (`prompt=none`, `response_mode=web_message`) carry the session from an app on another origin, as
 * `http://localhost:5173` is to the tenant on `http://127.0.0.1:4000`. Decided by the URL the browser
 * reached. Elsewhere on plain http, `SameSite=Lax`.
 */
export const sessionCookie = (
  sessionId: string,
  servedAt: string,
  mode: CookieMode = 'persistent',
): string => {
  const url = new URL(servedAt);
  const secure =
    url.protocol === 'https:' || LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost');
  // Persistent (Auth0's default) outlives the browser for the session's lifetime; non-persistent
  // has no Max-Age, so the browser drops it when it closes (the session itself stays valid).
  const lifetime = mode === 'persistent' ? `; Max-Age=${SESSION_LIFETIME_S}` : '';
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}${lifetime}`;
};

export const expiredSessionCookie = (): string => `${SESSION_COOKIE}=; Path=/; HttpOnly; Max-Age=0`;

export const readSessionId = (request: Request): string | undefined => readCookie(request, SESSION_COOKIE);
