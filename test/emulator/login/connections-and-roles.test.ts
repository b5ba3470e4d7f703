import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';

// Connections, roles and RBAC as a login meets them: an app logs users in only through the
// connections it is enabled on; roles reach the Actions; an API with RBAC grants only the scopes the
// user's roles allow, and with the authz dialect lists the user's permissions.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const ROLES_CLAIM = 'https://fixture.example/roles';

const login = (base: string, clientId: string, user: string, scope = 'openid profile') =>
  loginHeadless({ baseUrl: base, clientId, redirectUri: CALLBACK, audience: API_AUDIENCE, scope, user });

describe('connections and roles in a login', () => {
  it("logs a user in only through a connection the app is enabled on, with Auth0's error otherwise", async () => {
    const { tenant, base, spaClientId } = await createTestTenant({ autoLogin: true });
    tenant.state.connections.push({
      id: 'con_partners',
      name: 'Partners',
      strategy: 'auth0',
      enabled_clients: [],
    });
    tenant.seedUsers([{ user_id: 'auth0|pat', email: 'pat@partner.example', connection: 'Partners' }]);
    inProcess = useFakeTenantInProcess(tenant);
    await expect(login(base, spaClientId, 'pat@partner.example')).rejects.toThrow(
      'refused: invalid_request: the connection is not enabled',
    );
    expect((await login(base, spaClientId, 'ada@example.com')).tokens.id_token).toBeTruthy();

    for (const connection of tenant.state.connections) connection.enabled_clients = [];
    await expect(login(base, spaClientId, 'ada@example.com')).rejects.toThrow(
      'invalid_request: no connections enabled for the client',
    );
  });

  it('hands the user’s roles to the Actions, and RBAC limits the scopes to the roles’ permissions', async () => {
    const { tenant, base, spaClientId } = await createTestTenant({ autoLogin: true });
    const api = tenant.state.resourceServers.find((server) => server.identifier === API_AUDIENCE);
    if (!api) throw new Error('the fixture declares the API');
    Object.assign(api, { enforce_policies: true, token_dialect: 'access_token_authz' });
    tenant.state.features.roles.push({
      id: 'rol_reader',
      name: 'Preferences reader',
      description: '',
      permissions: [{ permission_name: 'read:preferences', resource_server_identifier: API_AUDIENCE }],
    });
    tenant.state.features.userRoles['auth0|ada'] = ['rol_reader'];
    deployPostLoginAction(
      tenant,
      'roles-claim',
      `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('${ROLES_CLAIM}', event.authorization.roles); };`,
    );
    inProcess = useFakeTenantInProcess(tenant);
    const scope = 'openid profile read:preferences update:preferences';
    const ada = await login(base, spaClientId, 'ada@example.com', scope);
    expect(decodeJwt(ada.tokens.id_token ?? '')[ROLES_CLAIM]).toEqual(['Preferences reader']);
    const access = decodeJwt(ada.tokens.access_token ?? '');
    expect(access.scope).toBe('openid profile read:preferences');
    expect(access.permissions).toEqual(['read:preferences']);

    const bob = await login(base, spaClientId, 'bob@example.com', scope);
    expect(decodeJwt(bob.tokens.id_token ?? '')[ROLES_CLAIM]).toEqual([]);
    expect(decodeJwt(bob.tokens.access_token ?? '')).toMatchObject({
      scope: 'openid profile',
      permissions: [],
    });
  });
});
