import { decodeJwt, jwtVerify, SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { FIXTURE_NAMESPACE as CLAIM_NAMESPACE } from '../../fixtures/claims-app/contract.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams, token } from './oauth-calls.ts';

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const SECRET = 'terms-site-shared-secret-32-bytes';
const key = new TextEncoder().encode(SECRET);

// Sends the user to a terms page with a signed token; on return, puts the accepted version in the ID token.
const TERMS = `
exports.onExecutePostLogin = async (event, api) => {
  if (event.user.app_metadata.terms) return;
  const session_token = api.redirect.encodeToken({ secret: event.secrets.SECRET, payload: { email: event.user.email } });
  api.redirect.sendUserTo('https://terms.test/accept', { query: { session_token } });
};
exports.onContinuePostLogin = async (event, api) => {
  const { version } = api.redirect.validateToken({ secret: event.secrets.SECRET });
  api.user.setAppMetadata('terms', version);
  api.idToken.setCustomClaim('https://test.example/terms', version);
};`;

/** The terms site: checks Auth0's token, then signs its answer carrying the state, with jose. */
const acceptTerms = async (location: URL, state = location.searchParams.get('state') ?? '') => {
  const sent = await jwtVerify(location.searchParams.get('session_token') ?? '', key);
  expect(sent.payload).toMatchObject({ email: 'ada@example.com', sub: 'auth0|ada' });
  // Auth0 wants iat, exp, sub (the same user) and iss back too.
  return new SignJWT({ state, version: '2026-01', sub: sent.payload.sub, iss: 'terms.test' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
};

const postContinue = (base: string, form: Record<string, string>) =>
  fetch(new URL('/continue', base), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

describe('/continue', () => {
  it('resumes a redirected login through onContinuePostLogin, then hands the app its code', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(tenant, 'terms', TERMS, { SECRET });
    const verifier = newVerifier();
    const away = await authorize(
      base,
      codeFlow(spaClientId, CALLBACK, verifier, { audience: API_AUDIENCE }),
      tenant.loginAs('auth0|ada'),
    );
    expect(away.status).toBe(302);
    const location = new URL(away.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe('https://terms.test/accept');
    const state = location.searchParams.get('state') ?? '';

    const session_token = await acceptTerms(location);
    const back = redirectParams(await postContinue(base, { state, session_token }));
    expect(back.get('state')).toBe('state-123');
    const exchanged = await token(base, {
      grant_type: 'authorization_code',
      client_id: spaClientId,
      code: back.get('code') ?? '',
      code_verifier: verifier,
      redirect_uri: CALLBACK,
    });
    expect(exchanged.status).toBe(200);
    const claims = decodeJwt(exchanged.body.id_token);
    expect(claims['https://test.example/terms']).toBe('2026-01');
    // The claims Action ran before the redirect; what it set is still in the token.
    expect(claims[`${CLAIM_NAMESPACE}user_metadata`]).toMatchObject({ preferences: { language: 'en-GB' } });
    expect(tenant.state.users.find((user) => user.user_id === 'auth0|ada')?.app_metadata).toMatchObject({
      terms: '2026-01',
    });
    // A state resumes one login once.
    expect((await postContinue(base, { state, session_token })).status).toBe(400);
  });

  it('fails the login at the app when the returned token does not carry the state', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(tenant, 'terms', TERMS, { SECRET });
    const away = await authorize(
      base,
      codeFlow(spaClientId, CALLBACK, newVerifier(), { audience: API_AUDIENCE }),
      tenant.loginAs('auth0|ada'),
    );
    const location = new URL(away.headers.get('location') ?? '');
    const state = location.searchParams.get('state') ?? '';
    const forged = await acceptTerms(location, 'another-login');
    const back = redirectParams(await postContinue(base, { state, session_token: forged }));
    expect(back.get('code')).toBeNull();
    // An Action that throws fails the login as Auth0 does: access_denied with the thrown message.
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('error_description')).toMatch(/State in the token does not match the \/continue state/);
  });

  it('is named when a headless login meets a redirect it cannot follow', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(tenant, 'terms', TERMS, { SECRET });
    await expect(
      loginHeadless({
        baseUrl: base,
        clientId: spaClientId,
        redirectUri: CALLBACK,
        user: 'auth0|ada',
        cookie: tenant.loginAs('auth0|ada'),
      }),
    ).rejects.toThrow(/was sent to https:\/\/terms.test\/accept by a redirect Action.*\/continue/);
  });
});
