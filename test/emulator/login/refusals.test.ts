import { afterEach, describe, expect, it } from 'vitest';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams, token } from './oauth-calls.ts';

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const start = async () => {
  const fixture = await createTestTenant({ autoLogin: true });
  inProcess = useFakeTenantInProcess(fixture.tenant);
  return fixture;
};

/** Logs Ada in with autoLogin and returns the code and the verifier it was made with. */
const codeFor = async (base: string, clientId: string, extra: Record<string, string> = {}) => {
  const verifier = newVerifier();
  const response = await authorize(
    base,
    codeFlow(clientId, CALLBACK, verifier, { login_hint: 'ada@example.com', ...extra }),
  );
  const params = redirectParams(response);
  expect(params.get('state')).toBe('state-123');
  return { code: params.get('code') ?? '', verifier };
};

const exchange = (base: string, clientId: string, code: string, verifier: string, redirectUri = CALLBACK) =>
  token(base, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code,
    code_verifier: verifier,
    redirect_uri: redirectUri,
  });

describe('the local tenant refuses', () => {
  it('a wrong PKCE verifier, and burns the code so the right one no longer works either', async () => {
    const { base, spaClientId } = await start();
    const { code, verifier } = await codeFor(base, spaClientId);
    const wrong = await exchange(base, spaClientId, code, newVerifier());
    expect(wrong).toMatchObject({
      status: 403,
      body: { error: 'invalid_grant', error_description: 'Failed to verify code verifier' },
    });
    expect((await exchange(base, spaClientId, code, verifier)).body.error).toBe('invalid_grant');
  });

  it('a code used twice, revoking the refresh token the first exchange got', async () => {
    const { base, spaClientId } = await start();
    const { code, verifier } = await codeFor(base, spaClientId);
    const first = await exchange(base, spaClientId, code, verifier);
    expect(first.status).toBe(200);
    expect((await exchange(base, spaClientId, code, verifier)).body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid authorization code',
    });
    const refresh = await token(base, {
      grant_type: 'refresh_token',
      client_id: spaClientId,
      refresh_token: first.body.refresh_token,
    });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('a code exchanged with another redirect_uri', async () => {
    const { base, spaClientId } = await start();
    const { code, verifier } = await codeFor(base, spaClientId);
    const answer = await exchange(base, spaClientId, code, verifier, 'http://localhost:5173/callback');
    expect(answer).toMatchObject({ status: 403, body: { error: 'invalid_grant' } });
  });

  it('a public client that sends no code_challenge, back at its redirect URI', async () => {
    const { base, spaClientId } = await start();
    const params = codeFlow(spaClientId, CALLBACK, newVerifier(), { login_hint: 'ada@example.com' });
    const { code_challenge: _, ...withoutPkce } = params;
    const back = redirectParams(await authorize(base, withoutPkce));
    expect(back.get('error')).toBe('invalid_request');
    expect(back.get('code')).toBeNull();
  });

  it('an unknown client, on a page and never by redirect, at /authorize and at /oauth/token', async () => {
    const { base } = await start();
    const response = await authorize(base, codeFlow('no-such-client', CALLBACK, newVerifier()));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Unknown client: no-such-client');
    const answer = await token(base, {
      grant_type: 'authorization_code',
      client_id: 'no-such-client',
      code: 'x',
      code_verifier: newVerifier(),
      redirect_uri: CALLBACK,
    });
    expect(answer).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it("a redirect_uri that is not in the client's callbacks, without redirecting there", async () => {
    const { base, spaClientId } = await start();
    const response = await authorize(
      base,
      codeFlow(spaClientId, 'https://evil.example/steal', newVerifier(), { login_hint: 'ada@example.com' }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain(
      'https://evil.example/steal is not in the list of allowed callback URLs',
    );
  });

  it('an unknown API audience, with Auth0\'s "Service not found"', async () => {
    const { base, spaClientId } = await start();
    const back = redirectParams(
      await authorize(
        base,
        codeFlow(spaClientId, CALLBACK, newVerifier(), {
          login_hint: 'ada@example.com',
          audience: 'https://nope.test/',
        }),
      ),
    );
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('error_description')).toBe('Service not found: https://nope.test/');
  });

  it('client credentials without a client grant for the audience, and grants those with one', async () => {
    const { base, tenant, m2mClientId, m2mSecret, spaClientId } = await start();
    const ok = await token(
      base,
      {
        grant_type: 'client_credentials',
        client_id: m2mClientId,
        client_secret: m2mSecret,
        audience: API_AUDIENCE,
      },
      'json',
    );
    expect(ok).toMatchObject({ status: 200, body: { scope: 'read:preferences', token_type: 'Bearer' } });
    tenant.state.clientGrants.length = 0;
    const refused = await token(base, {
      grant_type: 'client_credentials',
      client_id: m2mClientId,
      client_secret: m2mSecret,
      audience: API_AUDIENCE,
    });
    expect(refused).toMatchObject({ status: 403, body: { error: 'access_denied' } });
    const wrongSecret = await token(base, {
      grant_type: 'client_credentials',
      client_id: m2mClientId,
      client_secret: 'guess',
      audience: API_AUDIENCE,
    });
    expect(wrongSecret.status).toBe(401);
    const publicClient = await token(base, {
      grant_type: 'client_credentials',
      client_id: spaClientId,
      audience: API_AUDIENCE,
    });
    expect(publicClient).toMatchObject({ status: 403, body: { error: 'unauthorized_client' } });
  });

  it('HTTP Basic client credentials: the right ones work, malformed ones are a 401, not a crash', async () => {
    const { base, m2mClientId, m2mSecret } = await start();
    const basic = (credentials: string) =>
      fetch(`${base}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', audience: API_AUDIENCE }),
      });
    expect((await basic(`${m2mClientId}:${m2mSecret}`)).status).toBe(200);
    const malformed = await basic(`${m2mClientId}:100%`);
    expect(malformed.status).toBe(401);
    expect(await malformed.json()).toMatchObject({ error: 'invalid_client' });
  });
});
