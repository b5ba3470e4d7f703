import { readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';
import { type DeployOptions, deployTenant, planTenant } from '../../deploy/deploy-tenant.ts';
import type { DeployError } from '../../deploy/errors.ts';
import { formatPlanJson, formatPlanText } from '../../deploy/format-plan.ts';
import { createFakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import { fakeTenantHandlers } from '../../emulator/tenant/transport.ts';

// The real auth0-deploy-cli against a fake tenant, on the fixture declaring every type beyond the
// core six. Two imports in all (each costs seconds), in order: the first lands everything on a
// tenant that already holds other teams' work, the second is a one-callback change.

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'deploy-types');
const SECRETS = {
  FIXTURE_GOOGLE_CLIENT_SECRET: 'google-secret-for-tests',
  FIXTURE_SENDGRID_API_KEY: 'sendgrid-key-for-tests',
  FIXTURE_LOG_STREAM_TOKEN: 'log-token-for-tests',
  FIXTURE_TWILIO_AUTH_TOKEN: 'twilio-token-for-tests',
  FIXTURE_EVENTS_TOKEN: 'events-token-for-tests',
};
const OTHERS = { clients: 1000, apis: 200 };
const adoptedHookScript = readFileSync(path.join(FIXTURE, 'hooks', 'fixture-adopted-hook.js'), 'utf8');

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const tenant = createFakeTenant({ domain: 'deploy-types.auth0.test' });
server.use(...fakeTenantHandlers(tenant));
const connection = {
  domain: tenant.domain,
  clientId: tenant.deployClient.client_id,
  clientSecret: tenant.deployClient.client_secret,
};
const options = (tenantDir = FIXTURE): DeployOptions => ({
  env: 'fixture',
  connection,
  tenantDir,
  secretSource: SECRETS,
  build: false,
  quietImport: true,
});
const writesSince = (start: number) =>
  tenant.requests
    .slice(start)
    .filter((entry) => entry.method !== 'GET' && entry.path !== '/oauth/token')
    .map((entry) => `${entry.method} ${entry.path}`);

/** What any company's tenant holds besides this repository's resources, and the retired Rule. */
const seedOthers = () => {
  const { state } = tenant;
  for (let index = 0; index < OTHERS.clients; index += 1) {
    state.clients.push({
      client_id: `other-${index}`,
      client_secret: 'x',
      name: `Other app ${index}`,
      global: false,
    });
  }
  for (let index = 0; index < OTHERS.apis; index += 1) {
    state.resourceServers.push({
      id: `rs-other-${index}`,
      identifier: `https://other/${index}`,
      name: `Other ${index}`,
    });
  }
  const database = state.connections.find((item) => item.name === 'Username-Password-Authentication');
  database?.enabled_clients.push('other-0');
  state.features.roles.push({ id: 'rol_other', name: 'Other team role', description: '', permissions: [] });
  state.features.collections.rulesConfigs = [{ key: 'LEGACY_RULE_API_KEY', value: 'old' }];
  const hook = (name: string, triggerId: string, script: string) => ({
    id: name,
    name,
    triggerId,
    script,
    enabled: false,
  });
  state.features.collections.hooks = [
    hook('fixture-adopted-hook', 'pre-user-registration', adoptedHookScript),
    hook(
      'legacy-post-registration',
      'post-user-registration',
      'module.exports = (user, context, cb) => cb();',
    ),
  ];
  state.features.collections.rules?.push({
    id: 'rul_legacy',
    name: 'legacy-add-metadata-claims',
    script: 'function (user, context, callback) { callback(null, user, context); }',
    enabled: true,
    order: 1,
    stage: 'login_success',
  });
};

describe('the new resource types through the real auth0-deploy-cli', () => {
  it('lands every type beside other teams’ work, deletes only the listed Rule, then writes nothing', async () => {
    seedOthers();
    const before = await planTenant(options());
    const text = formatPlanText('fixture', tenant.domain, before.plan, SECRETS);
    // The deploy client is not the fixture's either.
    expect(text).toContain(
      `unmanaged (${OTHERS.apis + OTHERS.clients + 2}): ${OTHERS.apis} resourceServers, ${OTHERS.clients + 1} clients, 1 roles; not in tenant.yaml, left alone`,
    );
    expect(text).toContain('warning: the tenant still runs 1 enabled Rule(s): legacy-add-metadata-claims');
    expect(text).toContain('  - rules legacy-add-metadata-claims');
    expect(text).toContain('  - rulesConfigs LEGACY_RULE_API_KEY');
    expect(text).toContain('  - hooks legacy-post-registration');
    expect(text).not.toContain('hooks fixture-adopted-hook');
    for (const value of Object.values(SECRETS)) {
      expect(text).not.toContain(value);
      expect(formatPlanJson('fixture', tenant.domain, before.plan, SECRETS)).not.toContain(value);
    }

    let start = tenant.requests.length;
    const refused = (await deployTenant(options()).catch((error: unknown) => error)) as DeployError;
    expect(refused.code).toBe('E_DELETE_NOT_ALLOWED');
    expect(writesSince(start)).toEqual([]);

    start = tenant.requests.length;
    await deployTenant({ ...options(), allowDelete: true });
    const { state } = tenant;
    const spa = state.clients.find((client) => client.name === 'Fixture SPA');
    const byName = (name: string) => state.connections.find((item) => item.name === name);
    expect(byName('Username-Password-Authentication')?.enabled_clients.sort()).toEqual(
      [spa?.client_id, 'other-0'].sort(),
    );
    expect(byName('fixture-google')).toMatchObject({
      strategy: 'google-oauth2',
      enabled_clients: [spa?.client_id],
      options: { client_secret: SECRETS.FIXTURE_GOOGLE_CLIENT_SECRET },
    });
    const { features } = state;
    expect(features.roles.find((role) => role.name === 'Things reader')?.permissions).toEqual([
      { permission_name: 'read:things', resource_server_identifier: 'https://api.fixture.example/things' },
    ]);
    expect(features.collections.rules).toEqual([]);
    expect(features.branding).toMatchObject({ colors: { primary: '#0059d6' } });
    // The Universal Login page template, written after the custom domain it needs.
    expect(features.universalLoginTemplate).toContain('<title>Fixture login</title>');
    expect(features.promptSettings).toMatchObject({ identifier_first: true });
    expect(features.customText['login/en']).toEqual({ login: { title: 'Welcome to the fixture' } });
    expect(features.emailProvider).toMatchObject({
      credentials: { api_key: SECRETS.FIXTURE_SENDGRID_API_KEY },
    });
    expect(features.emailTemplates.verify_email?.body).toContain('verify your address for Fixture');
    expect(features.collections.logStreams?.[0]).toMatchObject({
      sink: { httpAuthorization: SECRETS.FIXTURE_LOG_STREAM_TOKEN },
    });
    expect(features.collections.customDomains?.map((domain) => domain.domain)).toEqual([
      'login.fixture.example',
    ]);
    expect(features.guardianFactors.otp).toBe(true);
    expect(features.attackProtection['brute-force-protection']).toMatchObject({ max_attempts: 5 });
    // The types of the generic table (resource-types.ts `read`), as deploy-cli wrote them.
    expect(features.settings).toMatchObject({
      '/guardian/policies': ['all-applications'],
      '/guardian/factors/phone/selected-provider': { provider: 'twilio' },
      '/guardian/factors/phone/message-types': { message_types: ['sms', 'voice'] },
      '/guardian/factors/sms/templates': { verification_message: '{{code}} is your Fixture code' },
      '/guardian/factors/sms/providers/twilio': { auth_token: SECRETS.FIXTURE_TWILIO_AUTH_TOKEN },
      '/risk-assessments/settings': { enabled: true },
      '/risk-assessments/settings/new-device': { remember_for: 45 },
      '/supplemental-signals': { akamai_enabled: true },
    });
    const { collections } = features;
    expect(collections.networkACLs).toEqual([expect.objectContaining({ priority: 1, active: true })]);
    expect(collections.userAttributeProfiles?.map((profile) => profile.name)).toEqual(['Fixture attributes']);
    expect(collections.phoneTemplates).toEqual([
      expect.objectContaining({ type: 'otp_verify', content: expect.objectContaining({ syntax: 'liquid' }) }),
    ]);
    expect(collections.phoneProviders).toEqual([
      expect.objectContaining({
        name: 'twilio',
        credentials: { auth_token: SECRETS.FIXTURE_TWILIO_AUTH_TOKEN },
      }),
    ]);
    expect(collections.rulesConfigs).toEqual([]);
    expect(collections.hooks?.map((item) => item.name)).toEqual(['fixture-adopted-hook']);
    expect(writesSince(start).filter((write) => write.includes('/hooks'))).toEqual([
      'DELETE /api/v2/hooks/legacy-post-registration',
    ]);
    expect(collections.rateLimitPolicies).toEqual([
      expect.objectContaining({
        consumer_selector: 'fixture-backend-burst',
        configuration: { action: 'block', limit: 100 },
      }),
    ]);
    expect(collections.connectionProfiles?.map((item) => item.name)).toEqual(['Fixture enterprise profile']);
    const [vault] = collections.flowVaultConnections ?? [];
    expect(vault).toMatchObject({
      name: 'fixture-http-vault',
      setup: { token: SECRETS.FIXTURE_EVENTS_TOKEN },
    });
    // Names in tenant.yaml, ids in the tenant: a form runs its flow, a flow calls its vault connection.
    const [flow] = collections.flows ?? [];
    expect(JSON.stringify(flow?.actions)).toContain(`"connection_id":"${vault?.id}"`);
    expect(JSON.stringify(collections.forms?.[0]?.nodes)).toContain(`"flow_id":"${flow?.id}"`);
    expect(collections.eventStreams).toEqual([
      expect.objectContaining({
        name: 'fixture-user-events',
        subscriptions: [{ event_type: 'user.created' }],
      }),
    ]);
    // What never converged before: the tenant's lifetimes (sent in minutes, read in hours) and the
    // flags deploy-cli drops, script bodies, a client's key credentials, a plain JavaScript Action.
    expect(state.settings).toMatchObject({ session_lifetime: 72, idle_session_lifetime: 24 });
    expect(before.plan.warnings).toContainEqual(
      expect.stringContaining(
        'tenant.flags universal_login, new_universal_login_experience_enabled, enable_legacy_logs_search_v2: auth0-deploy-cli does not write these flags',
      ),
    );
    expect(byName('fixture-legacy-users')?.options).toMatchObject({
      customScripts: { login: expect.stringContaining('function login(email, password, callback)') },
    });
    const backendClient = state.clients.find((client) => client.name === 'Fixture backend');
    const [credential] = collections[`clientCredentials:${backendClient?.client_id}`] ?? [];
    expect(credential).toMatchObject({ name: 'backend-key-2026', credential_type: 'public_key' });
    expect(backendClient?.client_authentication_methods).toEqual({
      private_key_jwt: { credentials: [{ id: credential?.id }] },
    });
    const action = state.actions.find((item) => item.name === 'fixture-identifier-check');
    expect(action?.runtime).toBe('node22');
    expect(state.triggerBindings['login-post-identifier']?.map((binding) => binding.action_id)).toEqual([
      action?.id,
    ]);
    // The theme, the profiles (names in tenant.yaml, ids in the tenant), the published Action module
    // with its secret, the classic pages where deploy-cli writes them, a grant and an organization.
    expect(collections.themes).toEqual([
      expect.objectContaining({
        displayName: 'Fixture theme',
        widget: expect.objectContaining({ logo_height: 52 }),
      }),
    ]);
    const [attributes] = collections.userAttributeProfiles ?? [];
    expect(collections.selfServiceProfiles).toEqual([
      expect.objectContaining({
        name: 'Fixture SSO setup',
        user_attribute_profile_id: attributes?.id,
        custom_text: { 'en/get-started': { introduction: expect.stringContaining('single sign-on') } },
      }),
    ]);
    const exchange = state.actions.find((item) => item.name === 'fixture-token-exchange');
    expect(exchange?.modules).toEqual([
      expect.objectContaining({ module_name: 'fixture-helpers', module_version_number: 1 }),
    ]);
    expect(collections.tokenExchangeProfiles).toEqual([
      expect.objectContaining({ subject_token_type: 'urn:fixture:legacy-token', action_id: exchange?.id }),
    ]);
    expect(collections.actionModules).toEqual([
      expect.objectContaining({
        name: 'fixture-helpers',
        code: expect.stringContaining('displayName'),
        all_changes_published: true,
        latest_version_number: 1,
        secrets: [expect.objectContaining({ name: 'HELPER_TOKEN', value: SECRETS.FIXTURE_EVENTS_TOKEN })],
      }),
    ]);
    expect(state.globalClient).toMatchObject({
      custom_login_page_on: true,
      custom_login_page: expect.stringContaining('Fixture classic login'),
    });
    expect(state.settings).toMatchObject({
      error_page: { show_log_link: false, html: expect.stringContaining('Fixture error') },
    });
    expect(state.clientGrants).toContainEqual(
      expect.objectContaining({ client_id: backendClient?.client_id, scope: ['read:things'] }),
    );
    const [organization] = state.organizations;
    expect(organization?.name).toBe('fixture-customer');
    expect(collections[`discoveryDomains:${organization?.id}`]).toEqual([
      expect.objectContaining({ domain: 'customer.fixture.example', use_for_organization_discovery: true }),
    ]);
    expect(collections[`organizationClients:${organization?.id}`]).toEqual([
      { client_id: spa?.client_id, use_for_member_access: true },
    ]);
    // Nobody else's resources were written: every write names one of the fixture's.
    expect(state.clients).toHaveLength(OTHERS.clients + 3);
    expect(state.resourceServers).toHaveLength(OTHERS.apis + 2);
    expect(features.roles.map((role) => role.name)).toContain('Other team role');
    expect(writesSince(start).filter((write) => /other/.test(write))).toEqual([]);

    const after = await planTenant(options());
    expect(after.plan.changes).toEqual([]);
    expect(after.plan.unmanaged).toEqual({
      resourceServers: OTHERS.apis,
      clients: OTHERS.clients + 1,
      roles: 1,
    });
    start = tenant.requests.length;
    const again = await deployTenant({ ...options(), allowDelete: true });
    expect(again.imports).toBe(0);
    expect(writesSince(start)).toEqual([]);
  }, 120_000);

  /** A copy of the fixture whose SPA has one more callback (the tenant holds it after the test below). */
  const withSilentCallback = async () => {
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'fixture-')), 'tenant');
    await cp(FIXTURE, dir, { recursive: true });
    const mappingFile = path.join(dir, 'environments', 'fixture.json');
    const mapping = JSON.parse(await readFile(mappingFile, 'utf8'));
    mapping.values.SPA_CALLBACKS.push('https://app.fixture.example/silent-callback');
    await writeFile(mappingFile, JSON.stringify(mapping));
    return dir;
  };

  it('one more callback on the SPA is one write: that client alone', async () => {
    const dir = await withSilentCallback();
    const start = tenant.requests.length;
    const result = await deployTenant(options(dir));
    const spa = tenant.state.clients.find((client) => client.name === 'Fixture SPA');
    expect(result.applied.map((change) => `${change.kind} ${change.type} ${change.name}`)).toEqual([
      'update clients Fixture SPA',
    ]);
    expect(writesSince(start)).toEqual([`PATCH /api/v2/clients/${spa?.client_id}`]);
    expect(spa?.callbacks).toContain('https://app.fixture.example/silent-callback');
  }, 120_000);

  it('one field of each type deploy-cli writes through its own endpoints is that resource alone', async () => {
    const dir = await withSilentCallback();
    const edit = async (file: string, from: string, to: string) => {
      const at = path.join(dir, file);
      const text = await readFile(at, 'utf8');
      expect(text).toContain(from);
      await writeFile(at, text.replace(from, to));
    };
    await edit('tenant.yaml', 'primary_button: "#0059d6"', 'primary_button: "#0047ab"');
    await edit('tenant.yaml', 'set up their own enterprise connection', 'set up their own SSO');
    await edit('tenant.yaml', 'name: Fixture legacy token exchange', 'name: Fixture token exchange');
    await edit('action-modules/fixture-helpers/code.js', "'there'", "'friend'");
    await edit('pages/login.html', 'Fixture classic login', 'Fixture sign-in');
    const start = tenant.requests.length;
    const result = await deployTenant(options(dir));
    expect(result.applied.map((change) => `${change.type} ${change.name}`).sort()).toEqual([
      'actionModules fixture-helpers',
      'pages login',
      'selfServiceProfiles Fixture SSO setup',
      'themes default',
      'tokenExchangeProfiles urn:fixture:legacy-token',
    ]);
    const { state } = tenant;
    const id = (name: string) =>
      String(state.features.collections[name]?.[0]?.[name === 'themes' ? 'themeId' : 'id']);
    // deploy-cli writes a profile's custom text with it, and publishes a module it changes.
    expect(writesSince(start).sort()).toEqual(
      [
        `PATCH /api/v2/branding/themes/${id('themes')}`,
        `PATCH /api/v2/self-service-profiles/${id('selfServiceProfiles')}`,
        `PUT /api/v2/self-service-profiles/${id('selfServiceProfiles')}/custom-text/en/get-started`,
        `PATCH /api/v2/token-exchange-profiles/${id('tokenExchangeProfiles')}`,
        `PATCH /api/v2/actions/modules/${id('actionModules')}`,
        `POST /api/v2/actions/modules/${id('actionModules')}/versions`,
        `PATCH /api/v2/clients/${state.globalClient.client_id}`,
      ].sort(),
    );
    expect(state.features.collections.actionModules?.[0]).toMatchObject({ latest_version_number: 2 });
    expect((await planTenant(options(dir))).plan.changes).toEqual([]);
  }, 120_000);
});
