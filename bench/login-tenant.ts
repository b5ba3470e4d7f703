import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_DIR } from '../core/paths.ts';
import type { LocalTenant } from '../emulator/tenant/local-tenant.ts';

export const API = 'https://api.bench.test/';
export const CALLBACK = 'https://app.bench.test/callback';
export const CLIENT_ID = 'bench-spa';

/** What tenant.yaml deploys (SPA, API, the built claims Action bound to post-login) and one user, seeded directly. */
export const seedBenchTenant = async (tenant: LocalTenant): Promise<void> => {
  const code = await readFile(path.join(BUNDLE_DIR, 'post-login-claims.js'), 'utf8');
  const now = new Date().toISOString();
  const triggers = [{ id: 'post-login' as const, version: 'v3' }];
  const secrets = [{ name: 'API_AUDIENCE', value: API, updated_at: now }];
  const { state } = tenant;
  state.clients.push({
    client_id: CLIENT_ID,
    client_secret: 'unused',
    name: 'Bench SPA',
    app_type: 'spa',
    token_endpoint_auth_method: 'none',
    callbacks: [CALLBACK],
    grant_types: ['authorization_code', 'refresh_token'],
    refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring' },
  });
  state.connections[0]?.enabled_clients.push(CLIENT_ID);
  state.resourceServers.push({
    id: 'rs_bench',
    name: 'Bench API',
    identifier: API,
    scopes: [{ value: 'read:preferences' }],
    allow_offline_access: true,
    skip_consent_for_verifiable_first_party_clients: true,
  });
  const base = {
    name: 'post-login-claims',
    supported_triggers: triggers,
    code,
    runtime: 'node22',
    dependencies: [],
    secrets,
  };
  state.actions.push({
    ...base,
    id: 'act_bench',
    created_at: now,
    updated_at: now,
    built_at: 0,
    deployed_version_number: 1,
    versions: [
      {
        ...base,
        id: 'act_bench_v1',
        action_id: 'act_bench',
        number: 1,
        deployed: true,
        status: 'built',
        created_at: now,
      },
    ],
  });
  state.triggerBindings['post-login'] = [
    { id: 'bnd_bench', action_id: 'act_bench', display_name: 'claims', created_at: now },
  ];
  tenant.seedUsers([
    {
      email: 'ada@example.com',
      user_metadata: { preferences: { language: 'en-GB', theme: 'dark' }, display_name: 'Ada L.' },
      app_metadata: { tenant_id: 'acme', roles: ['editor'], plan: 'pro' },
    },
  ]);
};
