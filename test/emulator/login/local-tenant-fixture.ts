import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  createLocalTenant,
  type LocalTenant,
  type LocalTenantOptions,
} from '../../../emulator/tenant/local-tenant.ts';
import { createSigningKeys, type SigningKeys } from '../../../emulator/tenant/login/grants/signing-keys.ts';
import type { UserSeed } from '../../../emulator/tenant/seed-users.ts';
import { CLAIMS_APP } from '../../fixtures/fixture-tenants.ts';

// A local tenant holding what the claims-app fixture deploys (SPA, API, its claims Action bound to
// post-login), seeded straight into its state so each test starts in milliseconds.

export const API_AUDIENCE = 'https://api.identity-as-code.test/';
export const CALLBACK = 'https://app.identity-as-code.test/callback';
export const LOCALHOST_CALLBACK = 'http://localhost:5173/callback';

export const ADA: UserSeed = {
  user_id: 'auth0|ada',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  user_metadata: {
    preferences: { language: 'en-GB', theme: 'dark', colour: 'teal' },
    display_name: 'Ada L.',
    private_note: 'never in a token',
  },
  app_metadata: { tenant_id: 'acme', roles: ['editor'], plan: 'pro', stripe_customer: 'cus_123' },
};

let sharedKeys: Promise<SigningKeys> | undefined;

export interface TestTenant {
  tenant: LocalTenant;
  spaClientId: string;
  m2mClientId: string;
  m2mSecret: string;
  base: string;
}

let counter = 0;

/** Adds an Action with one deployed version and binds it to post-login, after the ones bound already. */
export const deployPostLoginAction = (
  tenant: LocalTenant,
  name: string,
  code: string,
  secrets: Record<string, string> = {},
): void => {
  const { state } = tenant;
  const now = new Date().toISOString();
  counter += 1;
  const id = `act_${counter}`;
  const triggers = [{ id: 'post-login' as const, version: 'v3' }];
  const secretList = Object.entries(secrets).map(([secretName, value]) => ({
    name: secretName,
    value,
    updated_at: now,
  }));
  state.actions.push({
    id,
    name,
    supported_triggers: triggers,
    code,
    runtime: 'node22',
    dependencies: [],
    secrets: secretList,
    created_at: now,
    updated_at: now,
    built_at: 0,
    deployed_version_number: 1,
    versions: [
      {
        id: `${id}_v1`,
        action_id: id,
        number: 1,
        code,
        runtime: 'node22',
        dependencies: [],
        secrets: secretList,
        supported_triggers: triggers,
        deployed: true,
        status: 'built',
        created_at: now,
      },
    ],
  });
  state.triggerBindings['post-login'] = [
    ...(state.triggerBindings['post-login'] ?? []),
    { id: `bnd_${counter}`, action_id: id, display_name: name, created_at: now },
  ];
};

export const createTestTenant = async (
  options: {
    autoLogin?: boolean;
    clock?: () => number;
    actionHandlers?: LocalTenantOptions['actionHandlers'];
  } = {},
): Promise<TestTenant> => {
  sharedKeys ??= createSigningKeys();
  const tenant = await createLocalTenant({ keys: await sharedKeys, ...options });
  const { state } = tenant;
  state.clients.push(
    {
      client_id: 'spa-client-id',
      client_secret: 'unused (public client)',
      name: 'Identity as Code SPA',
      app_type: 'spa',
      is_first_party: true,
      token_endpoint_auth_method: 'none',
      callbacks: [CALLBACK, LOCALHOST_CALLBACK],
      allowed_logout_urls: ['https://app.identity-as-code.test/'],
      web_origins: ['https://app.identity-as-code.test'],
      grant_types: ['authorization_code', 'refresh_token'],
      refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring', token_lifetime: 2592000 },
    },
    {
      client_id: 'm2m-client-id',
      client_secret: 'm2m-secret',
      name: 'Preferences API',
      app_type: 'non_interactive',
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: ['client_credentials'],
    },
  );
  // An application logs users in only through connections it is enabled on, as tenant.yaml declares.
  state.connections[0]?.enabled_clients.push('spa-client-id');
  state.resourceServers.push({
    id: 'rs_1',
    name: 'Identity as Code API',
    identifier: API_AUDIENCE,
    signing_alg: 'RS256',
    scopes: [{ value: 'read:preferences' }, { value: 'update:preferences' }],
    allow_offline_access: true,
    skip_consent_for_verifiable_first_party_clients: true,
    token_lifetime: 86400,
  });
  state.clientGrants.push({
    id: 'cgr_1',
    client_id: 'm2m-client-id',
    audience: API_AUDIENCE,
    scope: ['read:preferences'],
  });
  const claimsBundle = await readFile(path.join(CLAIMS_APP.distDir, 'post-login-claims.js'), 'utf8');
  deployPostLoginAction(tenant, 'post-login-claims', claimsBundle, { API_AUDIENCE });
  tenant.seedUsers([ADA, { user_id: 'auth0|bob', email: 'bob@example.com', name: 'Bob' }]);
  return {
    tenant,
    spaClientId: 'spa-client-id',
    m2mClientId: 'm2m-client-id',
    m2mSecret: 'm2m-secret',
    base: `https://${tenant.domain}`,
  };
};
