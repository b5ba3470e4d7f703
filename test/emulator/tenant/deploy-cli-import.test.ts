import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deploy } from 'auth0-deploy-cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAjvCacheShim } from '../../../deploy/ajv-cache-shim.ts';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';

// The real auth0-deploy-cli, unmodified, importing a small tenant.yaml into the fake tenant through
// msw. It proves the fake answers every call deploy-cli makes and ends up holding exactly the config.

const ACTION_CODE =
  'exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("https://example.com/plan", "free"); };\n';

const TENANT_YAML = `
tenant:
  friendly_name: Example Corp
  support_email: support@example.com
resourceServers:
  - name: Preferences API
    identifier: https://preferences.example.com/
    signing_alg: RS256
    allow_offline_access: true
    skip_consent_for_verifiable_first_party_clients: true
    scopes:
      - value: read:preferences
        description: Read your preferences
clients:
  - name: Example SPA
    app_type: spa
    token_endpoint_auth_method: none
    grant_types: [authorization_code, refresh_token]
    callbacks: [http://localhost:3000/callback]
    allowed_origins: [http://localhost:3000]
    web_origins: [http://localhost:3000]
    refresh_token:
      rotation_type: rotating
      expiration_type: expiring
  - name: Preferences Backend
    app_type: non_interactive
clientGrants:
  - client_id: Preferences Backend
    audience: https://deploy-test.auth0.test/api/v2/
    scope: [read:users, update:users]
actions:
  - name: post-login-claims
    code: ./post-login-claims.js
    runtime: node22
    deployed: true
    dependencies: []
    secrets:
      - name: CLAIMS_SALT
        value: not-a-real-secret
    supported_triggers:
      - id: post-login
        version: v3
triggers:
  post-login:
    - action_name: post-login-claims
      display_name: Claims
`;

describe('auth0-deploy-cli import into the fake tenant', () => {
  const tenant = createFakeTenant({ domain: 'deploy-test.auth0.test' });
  let dir: string;
  let transport: InProcessTenant;

  beforeAll(() => {
    // Only deploy-cli's schema compile is cut short; test/deploy/deploy-cli-runs.test.ts proves the
    // requests are the same with and without the shim.
    expect(installAjvCacheShim()).not.toBe('version-mismatch');
    dir = mkdtempSync(path.join(tmpdir(), 'fake-tenant-import-'));
    writeFileSync(path.join(dir, 'post-login-claims.js'), ACTION_CODE);
    writeFileSync(path.join(dir, 'tenant.yaml'), TENANT_YAML);
    transport = useFakeTenantInProcess(tenant);
  });

  afterAll(() => {
    transport.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates exactly the configured tenant', { timeout: 120_000 }, async () => {
    const started = performance.now();
    await deploy({
      input_file: path.join(dir, 'tenant.yaml'),
      config: {
        AUTH0_DOMAIN: tenant.domain,
        AUTH0_CLIENT_ID: tenant.deployClient.client_id,
        AUTH0_CLIENT_SECRET: tenant.deployClient.client_secret,
        AUTH0_ALLOW_DELETE: false,
      },
    });
    console.info(`deploy-cli import into the fake tenant took ${Math.round(performance.now() - started)} ms`);

    const state = tenant.snapshot();
    expect(state.requests.filter((entry) => entry.status >= 400)).toEqual([]);
    expect(state.settings).toMatchObject({
      friendly_name: 'Example Corp',
      support_email: 'support@example.com',
    });

    const apis = state.resourceServers.filter((server) => !server.is_system);
    expect(apis).toEqual([
      expect.objectContaining({
        name: 'Preferences API',
        identifier: 'https://preferences.example.com/',
        allow_offline_access: true,
        skip_consent_for_verifiable_first_party_clients: true,
        scopes: [{ value: 'read:preferences', description: 'Read your preferences' }],
      }),
    ]);

    // deploy-cli creates clients concurrently: their order in the tenant is not part of the contract.
    const clients = state.clients
      .filter((client) => client.client_id !== tenant.deployClient.client_id)
      .sort((a, b) => a.name.localeCompare(b.name));
    const backend = clients.find((client) => client.name === 'Preferences Backend');
    expect(clients).toEqual([
      expect.objectContaining({
        name: 'Example SPA',
        app_type: 'spa',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        callbacks: ['http://localhost:3000/callback'],
        refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring' },
      }),
      expect.objectContaining({ name: 'Preferences Backend', app_type: 'non_interactive' }),
    ]);
    expect(state.clientGrants.filter((grant) => grant.client_id !== tenant.deployClient.client_id)).toEqual([
      expect.objectContaining({
        client_id: backend?.client_id,
        audience: tenant.context.managementAudience,
        scope: ['read:users', 'update:users'],
      }),
    ]);

    expect(state.actions).toHaveLength(1);
    const [action] = state.actions;
    expect(action).toMatchObject({
      name: 'post-login-claims',
      code: ACTION_CODE,
      runtime: 'node22',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      deployed_version_number: 1,
    });
    expect(action?.secrets.map(({ name, value }) => ({ name, value }))).toEqual([
      { name: 'CLAIMS_SALT', value: 'not-a-real-secret' },
    ]);
    expect(action?.versions.map((version) => [version.number, version.deployed, version.code])).toEqual([
      [1, true, ACTION_CODE],
    ]);
    expect(state.triggerBindings).toEqual({
      'post-login': [expect.objectContaining({ action_id: action?.id, display_name: 'Claims' })],
    });

    const writes = state.requests
      .filter((entry) => entry.method !== 'GET')
      .map((e) => `${e.method} ${e.path}`);
    expect(writes).toEqual([
      'POST /oauth/token',
      'POST /api/v2/resource-servers',
      'POST /api/v2/clients',
      'POST /api/v2/clients',
      'POST /api/v2/actions/actions',
      `POST /api/v2/actions/actions/${action?.id}/deploy`,
      'POST /api/v2/client-grants',
      'PATCH /api/v2/actions/triggers/post-login/bindings',
      'PATCH /api/v2/tenants/settings',
    ]);
  });
});
