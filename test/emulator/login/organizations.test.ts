import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import type { OrganizationRecord } from '../../../emulator/tenant/organization-state.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams, token } from './oauth-calls.ts';

// Logins to an organization, as Auth0 documents them: the application's organization settings, the
// organization's connections and members, org_id / org_name in the tokens, event.organization in
// the Actions, and refresh tokens that stay in the organization.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const ORG_CLAIM = 'https://fixture.example/organization';

const start = async (usage: 'deny' | 'allow' | 'require' = 'allow', behavior?: string) => {
  const fixture = await createTestTenant({ autoLogin: true });
  const { state } = fixture.tenant;
  const spa = state.clients.find((client) => client.client_id === fixture.spaClientId);
  if (!spa) throw new Error('fixture');
  Object.assign(spa, {
    organization_usage: usage,
    ...(behavior ? { organization_require_behavior: behavior } : {}),
  });
  const database = state.connections[0];
  if (!database) throw new Error('fixture');
  const acme: OrganizationRecord = {
    id: 'org_acme0000000001',
    name: 'acme',
    display_name: 'Acme Ltd',
    metadata: { tier: 'gold' },
    extra: {},
    connections: [{ connection_id: database.id, assign_membership_on_login: false, show_as_button: true }],
    members: [{ user_id: 'auth0|ada', roles: [] }],
    clientGrants: [],
  };
  state.organizations.push(acme);
  deployPostLoginAction(
    fixture.tenant,
    'organization-claim',
    `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('${ORG_CLAIM}', event.organization ?? null); };`,
  );
  inProcess = useFakeTenantInProcess(fixture.tenant);
  const login = (user: string, organization?: string, organizationPrompt?: string) =>
    loginHeadless({
      baseUrl: fixture.base,
      clientId: fixture.spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user,
      ...(organization ? { organization } : {}),
      ...(organizationPrompt ? { organizationPrompt } : {}),
    });
  return { ...fixture, acme, database, login };
};

describe('logging in to an organization', () => {
  it('Auth0 puts org_id in both tokens and the organization in event.organization', async () => {
    const { login, acme } = await start();
    const { tokens } = await login('ada@example.com', acme.id);
    const id = decodeJwt(tokens.id_token ?? '');
    expect(id.org_id).toBe(acme.id);
    expect(id).not.toHaveProperty('org_name');
    expect(id[ORG_CLAIM]).toEqual({
      id: acme.id,
      name: 'acme',
      display_name: 'Acme Ltd',
      metadata: { tier: 'gold' },
    });
    expect(decodeJwt(tokens.access_token ?? '').org_id).toBe(acme.id);
    // Without an organization the login is the same as ever: no org_id, no event.organization.
    const plain = decodeJwt((await login('ada@example.com')).tokens.id_token ?? '');
    expect(plain).not.toHaveProperty('org_id');
    expect(plain[ORG_CLAIM]).toBeNull();
  });

  it('Auth0 takes an organization name only when the tenant allows names, and then adds org_name', async () => {
    const { login, tenant, acme } = await start();
    await expect(login('ada@example.com', 'acme')).rejects.toThrow(
      'invalid_request: authorization request parameter organization must be an organization id',
    );
    tenant.state.settings.allow_organization_name_in_authentication_api = true;
    const { tokens } = await login('ada@example.com', 'ACME');
    expect(decodeJwt(tokens.id_token ?? '')).toMatchObject({ org_id: acme.id, org_name: 'acme' });
    expect(decodeJwt(tokens.access_token ?? '')).toMatchObject({ org_id: acme.id, org_name: 'acme' });
    await expect(login('ada@example.com', 'globex')).rejects.toThrow(
      'invalid_request: no organization found for globex',
    );
  });

  it('Auth0 refuses an organization to an application that does not use organizations', async () => {
    const { login, acme } = await start('deny');
    await expect(login('ada@example.com', acme.id)).rejects.toThrow(
      'invalid_request: the client is not configured for organizations',
    );
  });

  it('Auth0 refuses a user who is not a member, unless the connection assigns membership on login', async () => {
    const { login, acme, tenant } = await start();
    await expect(login('bob@example.com', acme.id)).rejects.toThrow(
      `access_denied: user auth0|bob is not part of the ${acme.id} organization`,
    );
    const enabled = acme.connections[0];
    if (!enabled) throw new Error('fixture');
    enabled.assign_membership_on_login = true;
    expect(decodeJwt((await login('bob@example.com', acme.id)).tokens.id_token ?? '').org_id).toBe(acme.id);
    expect(tenant.state.organizations[0]?.members.map((member) => member.user_id)).toEqual([
      'auth0|ada',
      'auth0|bob',
    ]);
  });

  it("Auth0 goes by the organization's connections, not the application's", async () => {
    const { login, acme, database } = await start();
    acme.connections = [];
    await expect(login('ada@example.com', acme.id)).rejects.toThrow(
      `access_denied: the connection Username-Password-Authentication is not enabled for the ${acme.id} organization`,
    );
    acme.connections = [
      { connection_id: database.id, assign_membership_on_login: false, show_as_button: true },
    ];
    database.enabled_clients = [];
    expect(decodeJwt((await login('ada@example.com', acme.id)).tokens.id_token ?? '').org_id).toBe(acme.id);
  });

  it('Auth0 requires an organization: refused without a prompt, asked before or picked after the login', async () => {
    const noPrompt = await start('require');
    await expect(noPrompt.login('ada@example.com')).rejects.toThrow(
      'invalid_request: parameter organization is required for this client',
    );
    inProcess?.close();

    const before = await start('require', 'pre_login_prompt');
    const verifier = newVerifier();
    const page = await authorize(before.base, codeFlow(before.spaClientId, CALLBACK, verifier));
    const html = await page.text();
    expect(html).toContain('action="/u/organization"');
    const transaction = /name="state" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const unknown = await fetch(new URL('/u/organization', before.base), {
      method: 'POST',
      body: new URLSearchParams({ state: transaction, organization: 'globex' }),
      redirect: 'manual',
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('No organization is named globex');
    const named = await fetch(new URL('/u/organization', before.base), {
      method: 'POST',
      body: new URLSearchParams({ state: transaction, organization: 'Acme' }),
      redirect: 'manual',
    });
    const again = new URL(named.headers.get('location') ?? '');
    expect(again.pathname).toBe('/authorize');
    expect(again.searchParams.get('organization')).toBe(before.acme.id);
    inProcess?.close();

    const after = await start('require', 'post_login_prompt');
    const { tokens } = await after.login('ada@example.com', undefined, 'acme');
    expect(decodeJwt(tokens.id_token ?? '').org_id).toBe(after.acme.id);
    await expect(after.login('bob@example.com')).rejects.toThrow(
      'access_denied: user auth0|bob is not part of any organization',
    );
  });

  it('Auth0 keeps the organization through refresh-token exchanges', async () => {
    const { login, acme, base, spaClientId, tenant } = await start();
    const { tokens } = await login('ada@example.com', acme.id);
    const refresh = (refreshToken: string) =>
      token(base, { grant_type: 'refresh_token', client_id: spaClientId, refresh_token: refreshToken });
    const refreshed = await refresh(tokens.refresh_token ?? '');
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.id_token)).toMatchObject({
      org_id: acme.id,
      [ORG_CLAIM]: { name: 'acme' },
    });
    expect(decodeJwt(refreshed.body.access_token).org_id).toBe(acme.id);
    tenant.state.organizations = [];
    const gone = await refresh(refreshed.body.refresh_token);
    expect(gone.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Unknown or invalid refresh token.',
    });
  });

  it('Auth0 applies the roles a member holds in the organization when they log in through it', async () => {
    const { acme, tenant } = await start();
    const api = tenant.state.resourceServers.find((server) => server.identifier === API_AUDIENCE);
    if (!api) throw new Error('fixture');
    Object.assign(api, { enforce_policies: true, token_dialect: 'access_token_authz' });
    const permission = (name: string) => [
      { permission_name: name, resource_server_identifier: API_AUDIENCE },
    ];
    tenant.state.features.roles.push(
      { id: 'rol_reader', name: 'reader', description: '', permissions: permission('read:preferences') },
      { id: 'rol_editor', name: 'editor', description: '', permissions: permission('update:preferences') },
    );
    tenant.state.features.userRoles['auth0|ada'] = ['rol_reader'];
    const member = acme.members[0];
    if (!member) throw new Error('fixture');
    member.roles = ['rol_editor'];
    deployPostLoginAction(
      tenant,
      'roles-claim',
      "exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('https://fixture.example/roles', event.authorization.roles); };",
    );
    const scope = 'openid read:preferences update:preferences';
    const inOrg = await loginHeadless({
      baseUrl: `https://${tenant.domain}`,
      clientId: 'spa-client-id',
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user: 'ada@example.com',
      scope,
      organization: acme.id,
    });
    expect(decodeJwt(inOrg.tokens.access_token ?? '').permissions).toEqual(['update:preferences']);
    expect(decodeJwt(inOrg.tokens.id_token ?? '')['https://fixture.example/roles']).toEqual(['editor']);
    const alone = await loginHeadless({
      baseUrl: `https://${tenant.domain}`,
      clientId: 'spa-client-id',
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      user: 'ada@example.com',
      scope,
    });
    expect(decodeJwt(alone.tokens.access_token ?? '').permissions).toEqual(['read:preferences']);
  });

  it('Auth0 shows no organization prompt under prompt=none', async () => {
    const { base, spaClientId } = await start('require', 'pre_login_prompt');
    const answer = await authorize(base, codeFlow(spaClientId, CALLBACK, newVerifier(), { prompt: 'none' }));
    expect(redirectParams(answer).get('error')).toBe('interaction_required');
  });
});
