import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const stamp = (value: string) =>
  `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://test.example/stamp', ${JSON.stringify(value)} + ':' + (event.secrets.WHO || 'none')); };`;

describe('the Actions a login runs', () => {
  it('are the deployed versions bound to post-login, each with its own secrets; a redeploy takes effect', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const login = async () => {
      const { tokens } = await loginHeadless({
        baseUrl: base,
        clientId: spaClientId,
        redirectUri: CALLBACK,
        user: 'auth0|bob',
      });
      return decodeJwt(tokens.id_token ?? '')['https://test.example/stamp'];
    };
    expect(await login()).toBeUndefined();

    deployPostLoginAction(tenant, 'stamp', stamp('v1'), { WHO: 'stamp-secret' });
    expect(await login()).toBe('v1:stamp-secret');

    const action = tenant.state.actions.find((candidate) => candidate.name === 'stamp');
    const first = action?.versions[0];
    if (!action || !first) throw new Error('the fixture did not deploy the Action');
    action.versions.push({ ...first, id: `${first.id}-2`, number: 2, code: stamp('v2') });
    action.deployed_version_number = 2;
    expect(await login()).toBe('v2:stamp-secret');

    tenant.state.triggerBindings['post-login'] = (tenant.state.triggerBindings['post-login'] ?? []).filter(
      (binding) => binding.action_id !== action.id,
    );
    expect(await login()).toBeUndefined();
  });

  it('see an event built from the tenant: user as stored, client, API, protocol, request, login count', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(
      tenant,
      'mirror',
      `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://test.example/event', {
        protocol: event.transaction.protocol, client: event.client.client_id, api: event.resource_server && event.resource_server.identifier,
        connection: event.connection.name, logins: event.stats.logins_count, tenant: event.tenant.id, agent: event.request.user_agent,
        plan: event.user.app_metadata.plan, session: typeof (event.session && event.session.id) }); };`,
    );
    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: 'https://api.identity-as-code.test/',
      user: 'auth0|ada',
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...init?.headers, 'user-agent': 'test-agent/1.0' } }),
    });
    expect(decodeJwt(tokens.id_token ?? '')['https://test.example/event']).toEqual({
      protocol: 'oidc-basic-profile',
      client: spaClientId,
      api: 'https://api.identity-as-code.test/',
      connection: 'Username-Password-Authentication',
      logins: 1,
      tenant: 'local-tenant',
      agent: 'test-agent/1.0',
      plan: 'pro',
      session: 'string',
    });
    const refreshed = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: spaClientId,
        refresh_token: tokens.refresh_token ?? '',
      }),
    });
    const body = await refreshed.json();
    expect(decodeJwt(body.id_token)['https://test.example/event']).toMatchObject({
      protocol: 'oauth2-refresh-token',
      logins: 1,
    });
  });

  it('see the scopes the client asked for, while the token carries only the granted ones', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(
      tenant,
      'scopes',
      `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://test.example/asked', event.transaction.requested_scopes); api.accessToken.addScope('read:extra'); };`,
    );
    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      audience: 'https://api.identity-as-code.test/',
      scope: 'openid read:preferences delete:everything',
      user: 'auth0|ada',
    });
    expect(decodeJwt(tokens.id_token ?? '')['https://test.example/asked']).toEqual([
      'openid',
      'read:preferences',
      'delete:everything',
    ]);
    expect(decodeJwt(tokens.access_token ?? '').scope).toBe('openid read:preferences read:extra');
  });
});
