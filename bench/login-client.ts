import { randomBytes } from 'node:crypto';
import { Agent, request } from 'undici';
import { s256Challenge } from '../emulator/tenant/login/grants/pkce.ts';
import { API, CALLBACK, CLIENT_ID } from './login-tenant.ts';

// What an app sends the local tenant: a full login (authorize, which runs the post-login Action, then
// the code exchange, which signs both tokens) and a refresh (the Action again, then signing).
//
// Sent with undici's `request`, the HTTP client under Node's `fetch`, without fetch's WHATWG layer:
// measured on this machine, a login's two bare round trips (http-floor.ts) took 0.51 ms p50 through
// `fetch`, 0.18 ms through `node:http` with a keep-alive agent and 0.14 ms through `request`. The bench
// times the tenant, so its client should cost as little as a client can.

/** Keep-alive connections to the tenant, as many as the concurrent clients need. */
export const dispatcher = new Agent({ keepAliveTimeout: 30_000 });

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** POSTs a form and returns the JSON answer and its status. */
export const postForm = async (
  url: URL,
  form: Record<string, string>,
): Promise<{ status: number; body: unknown }> => {
  const response = await request(url, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams(form).toString(),
    dispatcher,
  });
  return { status: response.statusCode, body: await response.body.json() };
};

/** One login: `/authorize` (autoLogin, the Action runs) then the code exchange. Returns the refresh token. */
export const login = async (baseUrl: string): Promise<string> => {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL('/authorize', baseUrl);
  authorize.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid profile email offline_access read:preferences',
    audience: API,
    state: 's',
    nonce: 'n',
    code_challenge: s256Challenge(verifier),
    code_challenge_method: 'S256',
    login_hint: 'ada@example.com',
  }).toString();
  const redirect = await request(authorize, { dispatcher });
  await redirect.body.dump();
  const location = String(redirect.headers.location ?? '');
  const code = URL.canParse(location) ? new URL(location).searchParams.get('code') : null;
  if (redirect.statusCode !== 302 || !code)
    throw new Error(`login refused: ${redirect.statusCode} ${location}`);
  const exchange = await postForm(new URL('/oauth/token', baseUrl), {
    grant_type: 'authorization_code',
    client_id: CLIENT_ID,
    code,
    code_verifier: verifier,
    redirect_uri: CALLBACK,
  });
  const body = exchange.body as { refresh_token?: string };
  if (exchange.status !== 200 || !body.refresh_token) {
    throw new Error(`code exchange refused: ${exchange.status} ${JSON.stringify(body)}`);
  }
  return body.refresh_token;
};

/** One refresh with rotation; returns the new refresh token. */
export const refresh = async (baseUrl: string, refreshToken: string): Promise<string> => {
  const response = await postForm(new URL('/oauth/token', baseUrl), {
    grant_type: 'refresh_token',
    client_id: CLIENT_ID,
    refresh_token: refreshToken,
  });
  const body = response.body as { refresh_token?: string };
  if (response.status !== 200 || !body.refresh_token) {
    throw new Error(`refresh refused: ${response.status} ${JSON.stringify(body)}`);
  }
  return body.refresh_token;
};
