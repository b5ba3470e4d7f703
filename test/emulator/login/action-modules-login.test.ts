import { decodeJwt } from 'jose';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { managementCaller } from '../tenant/call.ts';
import { CALLBACK, createTestTenant } from './local-tenant-fixture.ts';

// A deployed Action using an Action module, run by the local tenant's login: the module as published
// at the version the Action pins, with the module's own secrets.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const AUDIT_URL = 'https://audit.example.test/events';
const moduleCode = (label: string) => `module.exports = {
  record: async (userId) => {
    const response = await fetch(actions.secrets.AUDIT_URL, {
      method: 'POST', headers: { authorization: 'Bearer ' + actions.secrets.AUDIT_TOKEN }, body: userId,
    });
    return '${label}:' + (await response.text());
  },
};`;

describe('a deployed Action using an Action module', () => {
  it('Auth0 runs the module version the deployed Action pins, with the module’s secrets, in a login', async () => {
    const seen: (string | null)[] = [];
    const { tenant, base, spaClientId } = await createTestTenant({
      actionHandlers: [
        http.post(AUDIT_URL, async ({ request }) => {
          seen.push(request.headers.get('authorization'));
          return HttpResponse.text(`seen ${await request.text()}`);
        }),
      ],
    });
    inProcess = useFakeTenantInProcess(tenant);
    const call = await managementCaller(tenant);
    const module = await call('POST', '/actions/modules', {
      name: 'audit',
      code: moduleCode('v1'),
      secrets: [
        { name: 'AUDIT_URL', value: AUDIT_URL },
        { name: 'AUDIT_TOKEN', value: 'module-token' },
      ],
    });
    const v1 = await call('POST', `/actions/modules/${module.body.id}/versions`);
    await call('PATCH', `/actions/modules/${module.body.id}`, { code: moduleCode('v2') });
    await call('POST', `/actions/modules/${module.body.id}/versions`);

    const action = await call('POST', '/actions/actions', {
      name: 'audited',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      code: `const audit = require('actions:audit');
        exports.onExecutePostLogin = async (event, api) => {
          api.idToken.setCustomClaim('https://test.example/audit', await audit.record(event.user.user_id) + ' ' + (event.secrets.AUDIT_TOKEN || 'no token'));
        };`,
      secrets: [{ name: 'OWN', value: 'action-secret' }],
      modules: [{ module_id: module.body.id, module_version_id: v1.body.id }],
    });
    expect((await call('POST', `/actions/actions/${action.body.id}/deploy`)).status).toBe(200);
    await call('PATCH', '/actions/triggers/post-login/bindings', {
      bindings: [{ ref: { type: 'action_name', value: 'audited' }, display_name: 'Audited' }],
    });

    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      user: 'auth0|ada',
    });
    expect(decodeJwt(tokens.id_token ?? '')['https://test.example/audit']).toBe('v1:seen auth0|ada no token');
    expect(seen).toEqual(['Bearer module-token']);
  });
});
