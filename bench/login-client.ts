import { randomBytes } from 'node:crypto';
import { s256Challenge } from '../emulator/tenant/login/grants/pkce.ts';
import { API, CALLBACK, CLIENT_ID } from './login-tenant.ts';

// What an app sends the local tenant: a full login (authorize, which runs the post-login Action, then
// the code exchange, which signs both tokens) and a refresh (the Action again, then signing).

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
  const redirect = await fetch(authorize, { redirect: 'manual' });
  await redirect.arrayBuffer();
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`login refused: ${redirect.headers.get('location')}`);
  const exchange = await fetch(new URL('/oauth/token', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code,
      code_verifier: verifier,
      redirect_uri: CALLBACK,
    }),
  });
  const body = (await exchange.json()) as { refresh_token?: string };
  if (!exchange.ok || !body.refresh_token) throw new Error(`code exchange refused: ${JSON.stringify(body)}`);
  return body.refresh_token;
};

/** One refresh with rotation; returns the new refresh token. */
export const refresh = async (baseUrl: string, refreshToken: string): Promise<string> => {
  const response = await fetch(new URL('/oauth/token', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: refreshToken,
    }),
  });
  const body = (await response.json()) as { refresh_token?: string };
  if (!response.ok || !body.refresh_token) throw new Error(`refresh refused: ${JSON.stringify(body)}`);
  return body.refresh_token;
};
