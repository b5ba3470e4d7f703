import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { loadStubs } from '../../../local/load-stubs.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams } from './oauth-calls.ts';

// A deployed Action that asks a vendor for a risk score over node:https (as axios does in Node),
// while the test reaches the tenant itself through msw's setupServer in the same process.
const RISK_CHECK = `const https = require('https');
exports.onExecutePostLogin = async (event, api) => {
  const body = JSON.stringify({ user: event.user.user_id });
  const score = await new Promise((resolve, reject) => {
    const req = https.request('https://api.risk-vendor.test/v1/score', { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''; res.on('data', (c) => (text += c)); res.on('end', () => resolve(JSON.parse(text)));
    });
    req.on('error', reject); req.end(body);
  });
  api.idToken.setCustomClaim('https://risk.test/level', score.risk);
};`;

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

describe('the local tenant with --stubs', () => {
  it('answers a deployed Action vendor call with the stubs module handlers', async () => {
    const fixture = await createTestTenant({
      actionHandlers: await loadStubs('test/fixtures/stubs/vendor-stubs.ts'),
    });
    inProcess = useFakeTenantInProcess(fixture.tenant);
    deployPostLoginAction(fixture.tenant, 'risk-check', RISK_CHECK);
    const { tokens } = await loginHeadless({
      baseUrl: fixture.base,
      clientId: fixture.spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user: 'auth0|ada',
    });
    expect(decodeJwt(tokens.id_token ?? '')['https://risk.test/level']).toBe('low');
  });

  it('fails the login with the request no stub answers', async () => {
    const fixture = await createTestTenant();
    inProcess = useFakeTenantInProcess(fixture.tenant);
    deployPostLoginAction(fixture.tenant, 'risk-check', RISK_CHECK);
    const back = redirectParams(
      await authorize(
        fixture.base,
        codeFlow(fixture.spaClientId, CALLBACK, newVerifier()),
        fixture.tenant.loginAs('auth0|ada'),
      ),
    );
    expect(back.get('error')).toBe('access_denied');
    expect(back.get('error_description')).toMatch(
      /^risk-check sent POST https:\/\/api\.risk-vendor\.test\/v1\/score, which no msw handler answers/,
    );
  });

  it('refuses a stubs module whose default export is no array of msw handlers', async () => {
    await expect(loadStubs('test/fixtures/stubs/not-handlers.ts')).rejects.toThrow(
      /E_STUBS_INVALID: --stubs test\/fixtures\/stubs\/not-handlers.ts: its default export must be an array of msw handlers/,
    );
    await expect(loadStubs('test/fixtures/stubs/missing.ts')).rejects.toThrow(
      /E_STUBS_INVALID: .*cannot load it/,
    );
  });
});
