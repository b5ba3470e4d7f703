import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import type { LocalTenant } from '../../../emulator/tenant/local-tenant.ts';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams, token } from './oauth-calls.ts';

// Logins a post-login Action pauses for the user (MFA challenge or enrollment, a form) and what the
// local tenant keeps between logins (the session's methods and metadata, the stored profile).

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const CLAIM = 'https://test.example/';

/** Challenges with OTP unless the session has completed MFA; always reports the session's methods. */
const STEP_UP = `
exports.onExecutePostLogin = async (event, api) => {
  const methods = event.authentication.methods.map((method) => method.name);
  if (!methods.includes('mfa')) api.authentication.challengeWith({ type: 'otp' });
};`;
const REPORT_METHODS = `
exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('${CLAIM}methods', event.authentication.methods);
};`;

const postForm = (base: string, path: string, form: Record<string, string>) =>
  fetch(new URL(path, base), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });

/** The page `/authorize` shows when an Action pauses the login of this session. */
const pausedPage = async (base: string, clientId: string, verifier: string, cookie: string) => {
  const paused = await authorize(base, codeFlow(clientId, CALLBACK, verifier), cookie);
  expect(paused.status).toBe(200);
  return paused.text();
};

/** What the tenant's guardianFactors would enable (Security > Multi-factor Auth on Auth0). */
const enableFactors = (tenant: LocalTenant, ...names: string[]) => {
  for (const name of names) tenant.state.features.guardianFactors[name] = true;
};

/** The factors a page offers, in order. */
const factorsOn = (html: string): string[] =>
  [...html.matchAll(/name="factor" value="([^"]+)"/g)].map((match) => match[1] ?? '');

const stateOf = (html: string): string => /name="state" value="([^"]+)"/.exec(html)?.[1] ?? '';

const exchange = async (base: string, clientId: string, answer: Response, verifier: string) => {
  const code = redirectParams(answer).get('code');
  expect(code, redirectParams(answer).toString()).toBeTruthy();
  const tokens = await token(base, {
    grant_type: 'authorization_code',
    client_id: clientId,
    code: code ?? '',
    code_verifier: verifier,
    redirect_uri: CALLBACK,
  });
  expect(tokens.status).toBe(200);
  return tokens.body;
};

describe('a login an Action pauses for the user', () => {
  it('Auth0 shows the MFA challenge an Action asks for and, once completed, runs the next Action with mfa among the session methods', async () => {
    let now = Date.UTC(2026, 5, 1, 8, 0);
    const { tenant, base, spaClientId } = await createTestTenant({ clock: () => now });
    enableFactors(tenant, 'otp');
    inProcess = useFakeTenantInProcess(tenant);
    tenant.seedUsers([
      { user_id: 'auth0|eve', email: 'eve@example.com', enrolledFactors: [{ type: 'otp' }] },
    ]);
    deployPostLoginAction(tenant, 'step-up', STEP_UP);
    deployPostLoginAction(tenant, 'report-methods', REPORT_METHODS);
    const cookie = tenant.loginAs('auth0|eve');

    const verifier = newVerifier();
    const paused = await authorize(base, codeFlow(spaClientId, CALLBACK, verifier), cookie);
    expect(paused.status).toBe(200);
    const page = await paused.text();
    expect(page).toContain('Verify your identity');
    expect(page).toContain('value="otp"');
    // A factor the Action did not offer does not complete it.
    expect((await postForm(base, '/u/mfa', { state: stateOf(page), factor: 'sms' })).status).toBe(400);

    now += 60_000;
    const done = await postForm(base, '/u/mfa', { state: stateOf(page), factor: 'otp' });
    const first = decodeJwt((await exchange(base, spaClientId, done, verifier)).id_token);
    expect(first[`${CLAIM}methods`]).toEqual([
      { name: 'pwd', timestamp: '2026-06-01T08:00:00.000Z' },
      { name: 'mfa', timestamp: '2026-06-01T08:01:00.000Z', type: 'otp' },
    ]);
    // The page's state completes one login, once.
    expect((await postForm(base, '/u/mfa', { state: stateOf(page), factor: 'otp' })).status).toBe(400);

    // An hour later the same session signs in again: no challenge, and each method keeps its time.
    now += 3_600_000;
    const again = newVerifier();
    const sso = await authorize(base, codeFlow(spaClientId, CALLBACK, again), cookie);
    const second = decodeJwt((await exchange(base, spaClientId, sso, again)).id_token);
    expect(second[`${CLAIM}methods`]).toEqual(first[`${CLAIM}methods`]);
  });

  it('Auth0 enrolls the factor an Action asks the user to set up, and lists it on the user from then on', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    enableFactors(tenant, 'otp', 'webauthn-roaming');
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(
      tenant,
      'enroll',
      `exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim('${CLAIM}factors', (event.user.enrolledFactors ?? []).map((f) => f.type));
        if (!event.user.multifactor) api.authentication.enrollWithAny([{ type: 'otp' }, { type: 'webauthn-roaming' }]);
      };`,
    );
    const verifier = newVerifier();
    const page = await pausedPage(base, spaClientId, verifier, tenant.loginAs('auth0|bob'));
    expect(page).toContain('Secure your account');
    expect(page).toContain('value="webauthn-roaming"');
    const done = await postForm(base, '/u/mfa', { state: stateOf(page), factor: 'webauthn-roaming' });
    await exchange(base, spaClientId, done, verifier);

    const bob = tenant.state.users.find((user) => user.user_id === 'auth0|bob');
    expect(bob?.multifactor).toEqual(['webauthn']);
    // The next login's event carries the enrolled factor, and the Action no longer asks.
    const next = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      user: 'auth0|bob',
    });
    expect(decodeJwt(next.tokens.id_token ?? '')[`${CLAIM}factors`]).toEqual(['webauthn-roaming']);
  });

  it('Auth0 ignores factors the tenant does not enable, and fails the login when none is left', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    tenant.seedUsers([
      {
        user_id: 'auth0|eve',
        email: 'eve@example.com',
        enrolledFactors: [{ type: 'otp' }, { type: 'email' }],
      },
    ]);
    deployPostLoginAction(
      tenant,
      'otp-or-email',
      `exports.onExecutePostLogin = async (event, api) => {
        api.authentication.challengeWithAny([{ type: 'otp' }, { type: 'email' }]);
      };`,
    );
    enableFactors(tenant, 'email');
    const page = await pausedPage(base, spaClientId, newVerifier(), tenant.loginAs('auth0|eve'));
    expect(factorsOn(page)).toEqual(['email']);

    tenant.state.features.guardianFactors.email = false;
    const refused = await authorize(
      base,
      codeFlow(spaClientId, CALLBACK, newVerifier()),
      tenant.loginAs('auth0|eve'),
    );
    expect(redirectParams(refused).get('error')).toBe('access_denied');
    expect(redirectParams(refused).get('error_description')).toMatch(
      /otp-or-email asked for MFA with otp, email, which the tenant does not enable/,
    );
  });

  it('Auth0 has a user without factors enroll when an Action enables MFA, and challenges them from the next session on', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    // Auth0's "Require MFA Enrollment" template.
    deployPostLoginAction(
      tenant,
      'require-mfa',
      `exports.onExecutePostLogin = async (event, api) => {
        api.multifactor.enable('any', { allowRememberBrowser: false });
      };`,
    );
    // The factors the tenant enabled (guardianFactors in tenant.yaml) are the ones offered.
    tenant.state.features.guardianFactors.sms = true;
    tenant.state.features.guardianFactors['push-notification'] = true;
    const verifier = newVerifier();
    const first = await pausedPage(base, spaClientId, verifier, tenant.loginAs('auth0|bob'));
    expect(first).toContain('Secure your account');
    expect(factorsOn(first)).toEqual(['sms', 'push-notification']);
    const enrolled = await postForm(base, '/u/mfa', { state: stateOf(first), factor: 'sms' });
    await exchange(base, spaClientId, enrolled, verifier);
    const bob = tenant.state.users.find((user) => user.user_id === 'auth0|bob');
    expect(bob?.multifactor).toEqual(['guardian']);

    // From then on the user is challenged, with the factor they enrolled.
    const later = await pausedPage(base, spaClientId, newVerifier(), tenant.loginAs('auth0|bob'));
    expect(later).toContain('Verify your identity');
    expect(factorsOn(later)).toEqual(['sms']);
  });

  it('Auth0 resumes a form rendered with api.prompt.render in onContinuePostLogin, with the fields it collected', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(
      tenant,
      'company-form',
      `exports.onExecutePostLogin = async (event, api) => {
        if (!event.user.app_metadata.company) api.prompt.render('ap_company', { fields: { company: 'Initech' }, vars: { hint: 'x' } });
      };
      exports.onContinuePostLogin = async (event, api) => {
        api.user.setAppMetadata('company', event.prompt.fields.company);
        api.idToken.setCustomClaim('${CLAIM}form', event.prompt);
      };`,
    );
    const verifier = newVerifier();
    const page = await pausedPage(base, spaClientId, verifier, tenant.loginAs('auth0|bob'));
    expect(page).toContain('ap_company');
    expect(page).toContain('name="field.company" value="Initech"');

    const done = await postForm(base, '/u/form', {
      state: stateOf(page),
      'field.company': 'Acme',
      more_fields: 'team=Platform\nrole = admin',
    });
    const claims = decodeJwt((await exchange(base, spaClientId, done, verifier)).id_token);
    expect(claims[`${CLAIM}form`]).toEqual({
      id: 'ap_company',
      fields: { company: 'Acme', team: 'Platform', role: 'admin' },
      vars: { hint: 'x' },
    });
    expect(tenant.state.users.find((user) => user.user_id === 'auth0|bob')?.app_metadata.company).toBe(
      'Acme',
    );
    // A headless login says why it cannot go on, instead of hanging on the page.
    tenant.seedUsers([{ user_id: 'auth0|carol', email: 'carol@example.com' }]);
    await expect(
      loginHeadless({ baseUrl: base, clientId: spaClientId, redirectUri: CALLBACK, user: 'auth0|carol' }),
    ).rejects.toThrow(/stopped at a form an Action rendered/);
  });

  it('Auth0 answers interaction_required to a silent login an Action wants to challenge, and mfa_required to a refresh', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    enableFactors(tenant, 'otp');
    inProcess = useFakeTenantInProcess(tenant);
    tenant.seedUsers([
      { user_id: 'auth0|eve', email: 'eve@example.com', enrolledFactors: [{ type: 'otp' }] },
    ]);
    const login = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user: 'auth0|eve',
    });
    deployPostLoginAction(tenant, 'step-up', STEP_UP);

    const silent = await authorize(
      base,
      codeFlow(spaClientId, CALLBACK, newVerifier(), { prompt: 'none' }),
      tenant.loginAs('auth0|eve'),
    );
    expect(redirectParams(silent).get('error')).toBe('interaction_required');

    // A refresh has no user to challenge, even for a session that completed MFA long ago.
    const refreshed = await token(base, {
      grant_type: 'refresh_token',
      client_id: spaClientId,
      refresh_token: login.tokens.refresh_token ?? '',
    });
    expect(refreshed.status).toBe(403);
    expect(refreshed.body.error).toBe('mfa_required');
  });
});

describe('what cannot skip a paused login', () => {
  it('refuses at /continue the state of an MFA challenge, so a redirect endpoint cannot skip the factor', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    enableFactors(tenant, 'otp');
    inProcess = useFakeTenantInProcess(tenant);
    tenant.seedUsers([
      { user_id: 'auth0|eve', email: 'eve@example.com', enrolledFactors: [{ type: 'otp' }] },
    ]);
    deployPostLoginAction(tenant, 'step-up', STEP_UP);
    const paused = await authorize(
      base,
      codeFlow(spaClientId, CALLBACK, newVerifier()),
      tenant.loginAs('auth0|eve'),
    );
    const state = stateOf(await paused.text());
    expect((await postForm(base, '/continue', { state })).status).toBe(400);
    expect((await postForm(base, '/u/form', { state })).status).toBe(400);
    // The challenge is still there to complete.
    expect(redirectParams(await postForm(base, '/u/mfa', { state, factor: 'otp' })).get('code')).toBeTruthy();
  });
});
