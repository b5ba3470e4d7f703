import { createHash } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientRecord } from '../../../emulator/tenant/state.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { ADA, CALLBACK, createTestTenant } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier } from './oauth-calls.ts';

// The response types and modes Auth0's /authorize serves: implicit and hybrid flows with their nonce,
// at_hash and c_hash rules, and the fragment, form_post and web_message modes.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const WEB_APP_CALLBACK = 'https://web.identity-as-code.test/callback';
const WEB_APP: ClientRecord = {
  client_id: 'web-app-id',
  client_secret: 'web-app-secret',
  name: 'Regular web app',
  app_type: 'regular_web',
  is_first_party: true,
  token_endpoint_auth_method: 'client_secret_post',
  callbacks: [WEB_APP_CALLBACK],
  grant_types: ['authorization_code', 'implicit', 'refresh_token'],
};

const setup = async () => {
  const test = await createTestTenant({ autoLogin: true });
  test.tenant.state.clients.push(structuredClone(WEB_APP));
  test.tenant.state.connections[0]?.enabled_clients.push(WEB_APP.client_id);
  inProcess = useFakeTenantInProcess(test.tenant);
  return { ...test, jwks: createRemoteJWKSet(new URL(`${test.base}/.well-known/jwks.json`)) };
};

const implicit = (responseType: string, extra: Record<string, string> = {}) => ({
  client_id: WEB_APP.client_id,
  redirect_uri: WEB_APP_CALLBACK,
  response_type: responseType,
  scope: 'openid profile email',
  state: 'st-1',
  nonce: 'n-1',
  login_hint: ADA.email ?? '',
  ...extra,
});

const formFields = (html: string): Record<string, string> =>
  Object.fromEntries([...html.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));

const halfHash = (value: string) =>
  createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');

describe('/authorize response types and modes', () => {
  it('Auth0 lists in discovery exactly the response types and modes it serves, under the issuer it is served at', async () => {
    const { base } = await setup();
    const discovery = await (await fetch(`${base}/.well-known/openid-configuration`)).json();
    expect(discovery.issuer).toBe(`${base}/`);
    expect(new Set(discovery.response_types_supported)).toEqual(
      new Set([
        'code',
        'token',
        'id_token',
        'id_token token',
        'code id_token',
        'code token',
        'code id_token token',
      ]),
    );
    expect(discovery.response_modes_supported).toEqual(['query', 'fragment', 'form_post', 'web_message']);
  });

  it('Auth0 answers the implicit flow with form post: an ID token carrying the nonce, posted to the callback', async () => {
    const { base, jwks } = await setup();
    const page = await authorize(base, implicit('id_token', { response_mode: 'form_post' }));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`action="${WEB_APP_CALLBACK}"`);
    const fields = formFields(html);
    expect(fields.state).toBe('st-1');
    expect(fields.code).toBeUndefined();
    expect(fields.access_token).toBeUndefined();
    const { payload } = await jwtVerify(fields.id_token ?? '', jwks, {
      issuer: `${base}/`,
      audience: WEB_APP.client_id,
      algorithms: ['RS256'],
    });
    expect(payload).toMatchObject({ sub: ADA.user_id, nonce: 'n-1' });
    expect(payload.at_hash).toBeUndefined();
  });

  it('Auth0 refuses an ID token from /authorize without a nonce, answering at the callback', async () => {
    const { base } = await setup();
    const { nonce: _dropped, ...noNonce } = implicit('id_token', { response_mode: 'form_post' });
    const fields = formFields(await (await authorize(base, noNonce)).text());
    expect(fields.error).toBe('invalid_request');
    expect(fields.error_description).toMatch(/nonce/i);
    expect(fields.id_token).toBeUndefined();
  });

  it('Auth0 answers the hybrid flow in the fragment: code, access token and ID token bound by c_hash and at_hash', async () => {
    const { base, jwks } = await setup();
    const answer = await authorize(base, implicit('code id_token token'));
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.search).toBe('');
    const fragment = new URLSearchParams(location.hash.slice(1));
    const code = fragment.get('code') ?? '';
    const accessToken = fragment.get('access_token') ?? '';
    expect(code).not.toBe('');
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('refresh_token')).toBeNull();
    const { payload } = await jwtVerify(fragment.get('id_token') ?? '', jwks, { issuer: `${base}/` });
    expect(payload.c_hash).toBe(halfHash(code));
    expect(payload.at_hash).toBe(halfHash(accessToken));
    // The code still exchanges for the back-channel tokens, once.
    const exchanged = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: WEB_APP.client_id,
        client_secret: WEB_APP.client_secret ?? '',
        code,
        redirect_uri: WEB_APP_CALLBACK,
      }),
    });
    expect(exchanged.status).toBe(200);
    expect(decodeJwt((await exchanged.json()).id_token).nonce).toBe('n-1');
  });

  it.each([
    ['token in the query string', implicit('id_token token', { response_mode: 'query' }), 'invalid_request'],
    ['an unknown response type', implicit('code code_token'), 'unsupported_response_type'],
    ['an unknown response mode', implicit('code', { response_mode: 'jwt' }), 'invalid_request'],
  ])('refuses %s', async (_what, params, error) => {
    const { base } = await setup();
    const location = new URL((await authorize(base, params)).headers.get('location') ?? '');
    const answer = new URLSearchParams(location.hash ? location.hash.slice(1) : location.search);
    expect(answer.get('error')).toBe(error);
    expect(answer.get('state')).toBe('st-1');
  });

  it('refuses the implicit flow to an app whose grant types leave it out', async () => {
    const { base, spaClientId } = await setup();
    const params = { ...implicit('id_token'), client_id: spaClientId, redirect_uri: CALLBACK };
    const location = new URL((await authorize(base, params)).headers.get('location') ?? '');
    expect(new URLSearchParams(location.hash.slice(1)).get('error')).toBe('unauthorized_client');
  });

  it('Auth0 answers a silent login by web_message: the code posted to the app origin only, from a page only it may frame', async () => {
    const { base, spaClientId, tenant } = await setup();
    const cookie = tenant.loginAs(ADA.user_id ?? '');
    const params = codeFlow(spaClientId, CALLBACK, newVerifier(), {
      prompt: 'none',
      response_mode: 'web_message',
    });
    const page = await authorize(base, params, cookie);
    expect(page.status).toBe(200);
    const origin = new URL(CALLBACK).origin;
    expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors ${origin}`);
    expect(page.headers.get('x-frame-options')).toBeNull();
    const html = await page.text();
    const posted = /postMessage\((\{.*\}), ("[^"]+")\)/.exec(html);
    const message = JSON.parse(posted?.[1] ?? '{}');
    expect(JSON.parse(posted?.[2] ?? '""')).toBe(origin);
    expect(message).toMatchObject({ type: 'authorization_response', response: { state: 'state-123' } });
    expect(message.response.code).toEqual(expect.any(String));

    // Without a session the answer is login_required, by the same channel.
    const anonymous = await (await authorize(base, params)).text();
    expect(anonymous).toContain('"error":"login_required"');
  });

  it('Auth0 answers by web_message only to an origin the app lists in its allowed web origins', async () => {
    const { base, spaClientId, tenant } = await setup();
    const spa = tenant.state.clients.find((client) => client.client_id === spaClientId);
    if (spa) spa.web_origins = [];
    const params = codeFlow(spaClientId, CALLBACK, newVerifier(), {
      prompt: 'none',
      response_mode: 'web_message',
    });
    const html = await (await authorize(base, params, tenant.loginAs(ADA.user_id ?? ''))).text();
    expect(html).toContain('"error":"invalid_request"');
    expect(html).toContain('web_origins');
    expect(html).not.toContain('"code"');
  });
});
