import type { LoginClient, LoginDirectory } from './login-directory.ts';

const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  // spa-js sends its telemetry in `Auth0-Client`.
  'access-control-allow-headers': 'Content-Type, Authorization, Auth0-Client',
  'access-control-max-age': '86400',
};

const originOf = (url: string): string | undefined => {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
};

/** An app's Allowed Origins, its Allowed Web Origins, and by default the origins of its callback URLs. */
export const clientAllowsOrigin = (client: LoginClient, origin: string): boolean =>
  [...(client.allowed_origins ?? []), ...(client.web_origins ?? []), ...(client.callbacks ?? [])].some(
    (url) => originOf(url) === origin,
  );

/**
 * Whether any client allows the origin: enough for a preflight, which does not say which client is
 * calling. The token endpoint then checks the calling client's own list (`clientAllowsOrigin`).
 */
export const isAllowedOrigin = (directory: LoginDirectory, origin: string): boolean =>
  directory.listClients().some((client) => clientAllowsOrigin(client, origin));

export const preflightResponse = (origin: string | null, allowed: boolean): Response =>
  new Response(null, {
    status: 204,
    headers:
      allowed && origin
        ? { 'access-control-allow-origin': origin, vary: 'Origin', ...PREFLIGHT_HEADERS }
        : {},
  });

/** Adds the CORS header to a response when the calling origin may read it. */
export const withCors = (response: Response, origin: string | null, allowed: boolean): Response => {
  if (!origin || !allowed) return response;
  const headers = new Headers(response.headers);
  headers.set('access-control-allow-origin', origin);
  headers.append('vary', 'Origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
};
