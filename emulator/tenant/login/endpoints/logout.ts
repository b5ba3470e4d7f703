import { decodeJwt, jwtVerify } from 'jose';
import type { ClientRecord } from '../../state.ts';
import { findClient } from '../directory.ts';
import type { LoginContext } from '../login-context.ts';
import { errorPage, htmlResponse } from '../pages/pages.ts';
import { readParams } from '../params.ts';
import { expiredSessionCookie, readSessionId } from '../session/session-cookie.ts';

const loggedOut = (headers: Record<string, string>): Response =>
  htmlResponse(200, '<!doctype html><title>Logged out</title><p>You are logged out.</p>', headers);

const notAllowed = (url: string, client: ClientRecord | undefined): Response =>
  htmlResponse(
    400,
    errorPage(
      'invalid_request',
      client
        ? `${url} is not in the allowed logout URLs of client ${client.client_id}; add it to allowed_logout_urls in tenant/tenant.yaml`
        : `${url} needs a client_id (or id_token_hint) whose allowed_logout_urls list it`,
    ),
  );

const goTo = (url: string, headers: Record<string, string>): Response =>
  new Response(null, { status: 302, headers: { location: url, ...headers } });

/** Ends the login session (the cookie and the server side), leaving refresh tokens alone as Auth0 does. */
const endSession = (context: LoginContext, request: Request): Record<string, string> => {
  context.state.sessions.delete(readSessionId(request));
  return { 'set-cookie': expiredSessionCookie(), 'cache-control': 'no-store' };
};

/** `GET /v2/logout?client_id=&returnTo=`: Auth0's own logout endpoint. */
export const handleLogout = async (context: LoginContext, request: Request): Promise<Response> => {
  const params = await readParams(request);
  const client = params.client_id ? findClient(context.tenant, params.client_id) : undefined;
  const returnTo = params.returnTo;
  if (returnTo !== undefined && !(client?.allowed_logout_urls ?? []).includes(returnTo)) {
    return notAllowed(returnTo, client);
  }
  const headers = endSession(context, request);
  return returnTo === undefined ? loggedOut(headers) : goTo(returnTo, headers);
};

/** `GET /oidc/logout`: OIDC RP-initiated logout, the client named by `client_id` or the ID token hint. */
export const handleOidcLogout = async (context: LoginContext, request: Request): Promise<Response> => {
  const { tenant, state } = context;
  const params = await readParams(request);
  let clientId = params.client_id;
  if (params.id_token_hint) {
    try {
      // An expired ID token is still a fine hint of who is logging out; its signature must be ours.
      await jwtVerify(params.id_token_hint, state.keys.publicJwk, {
        issuer: tenant.issuer,
        algorithms: ['RS256'],
        currentDate: new Date(0),
      });
      const aud = decodeJwt(params.id_token_hint).aud;
      clientId ??= Array.isArray(aud) ? aud[0] : aud;
    } catch {
      return htmlResponse(
        400,
        errorPage('invalid_request', 'id_token_hint is not an ID token of this tenant'),
      );
    }
  }
  const client = clientId === undefined ? undefined : findClient(tenant, clientId);
  const target = params.post_logout_redirect_uri;
  if (target !== undefined && !(client?.allowed_logout_urls ?? []).includes(target)) {
    return notAllowed(target, client);
  }
  const headers = endSession(context, request);
  if (target === undefined) return loggedOut(headers);
  const location = new URL(target);
  if (params.state !== undefined) location.searchParams.set('state', params.state);
  return goTo(location.toString(), headers);
};
