import { randomBytes } from 'node:crypto';
import { s256Challenge } from '../../../emulator/tenant/login/grants/pkce.ts';

// Raw calls to the login endpoints through the global fetch (msw routes them into the tenant).

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
}

export const newVerifier = (): string => randomBytes(32).toString('base64url');

/** `GET /authorize` without following the redirect. */
export const authorize = async (
  base: string,
  params: Record<string, string>,
  cookie?: string,
): Promise<Response> => {
  const url = new URL('/authorize', base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
};

/** The code flow's `/authorize` parameters for a verifier. */
export const codeFlow = (
  clientId: string,
  redirectUri: string,
  verifier: string,
  extra: Record<string, string> = {},
) => ({
  client_id: clientId,
  redirect_uri: redirectUri,
  response_type: 'code',
  scope: 'openid profile email offline_access',
  state: 'state-123',
  nonce: 'nonce-456',
  code_challenge: s256Challenge(verifier),
  code_challenge_method: 'S256',
  ...extra,
});

export const redirectParams = (response: Response): URLSearchParams => {
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`expected a redirect, got ${response.status}`);
  return new URL(location).searchParams;
};

export const token = async (
  base: string,
  params: Record<string, string>,
  as: 'form' | 'json' = 'form',
): Promise<Answer> => {
  const response = await fetch(new URL('/oauth/token', base), {
    method: 'POST',
    headers: { 'content-type': as === 'json' ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: as === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString(),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
};
