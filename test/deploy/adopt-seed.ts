import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ManagementConnection } from '../../deploy/management-api.ts';
import type { FakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import { seedShopTypes } from './adopt-seed-types.ts';

// A tenant someone built by hand in the dashboard, for `npm run import` to adopt: made through the
// fake tenant's Management API (so each resource carries Auth0's defaults), and an empty repository
// folder with only the environment file.

type Call = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

/** Management API calls as the deploy client, through the tenant's msw interception. */
export const managementCalls = async (
  tenant: FakeTenant,
  connection: ManagementConnection,
): Promise<Call> => {
  const answer = await fetch(`https://${tenant.domain}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: connection.clientId,
      client_secret: connection.clientSecret,
      audience: `https://${tenant.domain}/api/v2/`,
    }),
  });
  const { access_token } = (await answer.json()) as { access_token: string };
  return async (method, route, body) => {
    const response = await fetch(`https://${tenant.domain}/api/v2${route}`, {
      method,
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? {} : ((await response.json()) as Record<string, unknown>);
  };
};

/** The secret values the shop tenant holds, by the environment variable an import maps each to. */
export const SHOP_SECRETS = {
  SHOP_GOOGLE_OPTIONS_CLIENT_SECRET: 'google-secret-never-in-the-repo',
  SHOP_HTTP_SINK_HTTP_AUTHORIZATION: 'log-token-never-in-the-repo',
};

/** One resource of each type the table manages, as a team would have set them up by hand. */
export const seedShop = async (tenant: FakeTenant, call: Call): Promise<void> => {
  const spa = await call('POST', '/clients', {
    name: 'Shop SPA',
    app_type: 'spa',
    callbacks: ['https://shop.example/callback'],
    web_origins: ['https://shop.example'],
    allowed_logout_urls: [`https://${tenant.domain}/v2/logout`, 'https://shop.example/'],
  });
  const backend = await call('POST', '/clients', { name: 'Shop backend', app_type: 'non_interactive' });
  await call('POST', '/resource-servers', {
    name: 'Shop API',
    identifier: 'https://api.shop.example',
    scopes: [{ value: 'read:orders', description: 'Read orders' }],
  });
  await call('POST', '/client-grants', {
    client_id: backend.client_id,
    audience: 'https://api.shop.example',
    scope: ['read:orders'],
  });
  await call('POST', '/client-grants', {
    client_id: backend.client_id,
    audience: `https://${tenant.domain}/api/v2/`,
    scope: ['read:users'],
  });
  await call('POST', '/connections', {
    name: 'shop-google',
    strategy: 'google-oauth2',
    enabled_clients: [spa.client_id],
    options: {
      client_id: 'shop.apps.example',
      client_secret: SHOP_SECRETS.SHOP_GOOGLE_OPTIONS_CLIENT_SECRET,
    },
  });
  await call('POST', '/connections', {
    name: 'shop-legacy-users',
    strategy: 'auth0',
    enabled_clients: [spa.client_id],
    options: {
      enabledDatabaseCustomization: true,
      customScripts: {
        login: 'function login(email, password, callback) { callback(null, { user_id: email }); }',
        get_user: 'function getByEmail(email, callback) { callback(null); }',
      },
    },
  });
  const role = await call('POST', '/roles', { name: 'Order reader', description: 'Reads orders' });
  await call('POST', `/roles/${String(role.id)}/permissions`, {
    permissions: [{ permission_name: 'read:orders', resource_server_identifier: 'https://api.shop.example' }],
  });
  await call('POST', '/rules', {
    name: 'shop-legacy-rule',
    script: 'function (user, context, callback) { callback(null, user, context); }',
    enabled: false,
  });
  await call('POST', '/log-streams', {
    name: 'shop-http',
    type: 'http',
    sink: {
      httpEndpoint: 'https://logs.shop.example/ingest',
      httpContentType: 'application/json',
      httpContentFormat: 'JSONLINES',
      httpAuthorization: SHOP_SECRETS.SHOP_HTTP_SINK_HTTP_AUTHORIZATION,
    },
  });
  await call('POST', '/custom-domains', { domain: 'login.shop.example', type: 'auth0_managed_certs' });
  await call('POST', '/email-templates', {
    template: 'verify_email',
    enabled: true,
    syntax: 'liquid',
    from: 'no-reply@shop.example',
    subject: 'Verify your email',
    body: '<p>{{ url }}</p>',
    urlLifetimeInSeconds: 432000,
  });
  await call('POST', '/hooks', {
    name: 'shop-retired-hook',
    script: 'module.exports = function (user, context, cb) { cb(null, { user }); };',
    triggerId: 'pre-user-registration',
    enabled: false,
  });
  const flow = await call('POST', '/flows', { name: 'Shop welcome flow', actions: [] });
  await call('POST', '/forms', {
    name: 'Shop consent form',
    languages: { primary: 'en' },
    start: { next_node: 'consent' },
    nodes: [{ id: 'consent', type: 'FLOW', config: { flow_id: flow.id, next_node: '$ending' } }],
    ending: { resume_flow: true },
  });
  await call('PUT', '/guardian/factors/otp', { enabled: true });
  await call('PATCH', '/branding', {
    colors: { primary: '#112233' },
    logo_url: 'https://shop.example/logo.png',
  });
  await call('PATCH', '/prompts', { identifier_first: true });
  await call('PATCH', '/tenants/settings', {
    friendly_name: 'Shop',
    support_url: 'https://shop.example/help',
  });
  await seedShopTypes(tenant, call);
};

/** A repository folder holding only `environments/<env>.json` (and tenant.yaml when given). */
export const emptyRepository = async (domain: string, env = 'shop', tenantYaml?: string): Promise<string> => {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'adopt-')), 'tenant');
  await mkdir(path.join(dir, 'environments'), { recursive: true });
  const mapping = { tenant: domain, protected: false, values: {}, secrets: {} };
  await writeFile(path.join(dir, 'environments', `${env}.json`), `${JSON.stringify(mapping, null, 2)}\n`);
  if (tenantYaml !== undefined) await writeFile(path.join(dir, 'tenant.yaml'), tenantYaml);
  return dir;
};
