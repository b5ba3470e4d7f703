import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adoptTenant } from '../../deploy/adopt/index.ts';
import { planTenant } from '../../deploy/deploy-tenant.ts';
import type { DeployError } from '../../deploy/errors.ts';
import { emptyRepository, managementCalls, SHOP_SECRETS, seedShop } from './adopt-seed.ts';
import { inProcessTenant } from './in-process-tenant.ts';

// `npm run import` on a tenant built by hand: what it writes, and the plan right after it, which
// must have nothing to change. The team's tenant/ is never touched: each test adopts into its own
// temporary folder.

const { tenant, connection } = inProcessTenant('shop.auth0.test');
beforeAll(async () => {
  await seedShop(tenant, await managementCalls(tenant, connection));
});

const planAfter = (tenantDir: string) =>
  planTenant({ env: 'shop', connection, tenantDir, secretSource: SHOP_SECRETS, build: false });

const filesUnder = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));

describe('npm run import', () => {
  it('adopts every type the table manages, and plan right after has nothing to change', async () => {
    const header = '# Adopted from the dashboard; edit freely.\n';
    const dir = await emptyRepository(tenant.domain, 'shop', header);
    const result = await adoptTenant({ env: 'shop', connection, tenantDir: dir });
    const types = new Set(result.adopted.map((entry) => entry.type));
    for (const type of ['tenant', 'clients', 'resourceServers', 'clientGrants', 'databases', 'connections'])
      expect(types).toContain(type);
    for (const type of ['roles', 'rules', 'logStreams', 'customDomains', 'emailTemplates', 'guardianFactors'])
      expect(types).toContain(type);
    for (const type of ['branding', 'prompts', 'attackProtection', 'hooks', 'flows', 'forms'])
      expect(types).toContain(type);
    for (const type of [
      ...['emailProvider', 'networkACLs', 'userAttributeProfiles', 'phoneTemplates', 'phoneProviders'],
      ...['rulesConfigs', 'rateLimitPolicies', 'connectionProfiles', 'eventStreams', 'flowVaultConnections'],
      ...[
        'organizations',
        'themes',
        'selfServiceProfiles',
        'tokenExchangeProfiles',
        'actionModules',
        'pages',
      ],
    ])
      expect(types).toContain(type);
    // Neither the client this command signs in with nor its grants are anybody's to declare.
    expect(result.adopted.map((entry) => entry.name)).not.toContain(tenant.deployClient.name);

    const { plan } = await planAfter(dir);
    expect(plan.changes).toEqual([]);

    const yamlText = await readFile(path.join(dir, 'tenant.yaml'), 'utf8');
    expect(yamlText.startsWith(header)).toBe(true);
    const yaml = parse(yamlText);
    const spa = yaml.clients.find((client: { name: string }) => client.name === 'Shop SPA');
    // URLs differ per environment; the tenant's own domain is a keyword every mapping supplies.
    expect(spa.callbacks).toBe('@@SHOP_SPA_CALLBACKS@@');
    expect(spa.allowed_logout_urls).toBe('@@SHOP_SPA_ALLOWED_LOGOUT_URLS@@');
    expect(yaml.clientGrants).toContainEqual({
      client_id: 'Shop backend',
      audience: 'https://##AUTH0_DOMAIN##/api/v2/',
      scope: ['read:users'],
    });
    // One API identifier, one key, wherever it appears.
    expect(yaml.resourceServers[0].identifier).toBe('##SHOP_API_IDENTIFIER##');
    expect(yaml.roles[0].permissions[0].resource_server_identifier).toBe('##SHOP_API_IDENTIFIER##');
    expect(yaml.rules[0].script).toBe('./rules/shop-legacy-rule.js');
    expect(yaml.emailTemplates[0].body).toBe('./emailTemplates/verify_email.html');
    expect(yaml.hooks[0].script).toBe('./hooks/shop-retired-hook.js');
    expect(yaml.actionModules[0].code).toBe('./action-modules/shop-helpers/code.js');
    expect(yaml.pages).toEqual([{ name: 'login', enabled: true, html: './pages/login.html' }]);
    // Names where the tenant holds ids: the user attribute profile, the Action a profile runs.
    expect(yaml.selfServiceProfiles[0].user_attribute_profile_id).toBe('Shop attributes');
    expect(yaml.tokenExchangeProfiles[0].action).toBe('shop-token-exchange');
    const exchange = yaml.actions.find((action: { name: string }) => action.name === 'shop-token-exchange');
    expect(exchange.modules).toEqual([{ module_name: 'shop-helpers', module_version_number: 1 }]);
    // Values Auth0 never returns are left out (rules configs) or only named (credentials).
    expect(yaml.rulesConfigs).toEqual([{ key: 'SHOP_LEGACY_KEY' }]);
    expect(yaml.emailProvider).not.toHaveProperty('credentials');
    expect(yaml.forms).toEqual([{ name: 'Shop consent form', body: './forms/Shop_consent_form.json' }]);
    // deploy-cli's YAML names the flow a form runs by its name, not its id.
    const form = JSON.parse(await readFile(path.join(dir, 'forms', 'Shop_consent_form.json'), 'utf8'));
    expect(form.nodes[0].config.flow_id).toBe('Shop welcome flow');
    const legacy = yaml.databases.find((database: { name: string }) => database.name === 'shop-legacy-users');
    expect(legacy.options.customScripts).toEqual({
      login: './databases/shop-legacy-users/login.js',
      get_user: './databases/shop-legacy-users/get_user.js',
    });

    const mapping = JSON.parse(await readFile(path.join(dir, 'environments', 'shop.json'), 'utf8'));
    expect(mapping.values.SHOP_API_IDENTIFIER).toBe('https://api.shop.example');
    expect(mapping.values.SHOP_SPA_CALLBACKS).toEqual(['https://shop.example/callback']);
    expect(mapping.secrets).toEqual({
      SHOP_GOOGLE_OPTIONS_CLIENT_SECRET: 'SHOP_GOOGLE_OPTIONS_CLIENT_SECRET',
      SHOP_HTTP_SINK_HTTP_AUTHORIZATION: 'SHOP_HTTP_SINK_HTTP_AUTHORIZATION',
    });
    expect(result.secrets).toEqual(Object.keys(SHOP_SECRETS));
    for (const file of await filesUnder(dir)) {
      const text = await readFile(file, 'utf8');
      for (const secret of Object.values(SHOP_SECRETS)) expect(text).not.toContain(secret);
    }
  });

  it('refuses what tenant.yaml already declares, and with --replace keeps the placeholders of unchanged fields', async () => {
    const declared = [
      'clients:',
      '  # The storefront.',
      '  - name: Shop SPA',
      '    app_type: spa',
      '    callbacks: "@@STORE_CALLBACKS@@"',
      '',
    ].join('\n');
    const dir = await emptyRepository(tenant.domain, 'shop', declared);
    const envFile = path.join(dir, 'environments', 'shop.json');
    const mapping = JSON.parse(await readFile(envFile, 'utf8'));
    mapping.values.STORE_CALLBACKS = ['https://shop.example/callback'];
    await import('node:fs/promises').then((fs) => fs.writeFile(envFile, JSON.stringify(mapping)));

    const refused = (await adoptTenant({
      env: 'shop',
      connection,
      tenantDir: dir,
      only: ['clients:Shop SPA'],
    }).catch((error: unknown) => error)) as DeployError;
    expect(refused.code).toBe('E_ALREADY_DECLARED');
    expect(refused.message).toContain('already declares clients Shop SPA');
    expect(refused.message).toContain('--replace');
    expect(await readFile(path.join(dir, 'tenant.yaml'), 'utf8')).toBe(declared);

    await adoptTenant({ env: 'shop', connection, tenantDir: dir, only: ['clients:Shop SPA'], replace: true });
    const text = await readFile(path.join(dir, 'tenant.yaml'), 'utf8');
    expect(text).toContain('  # The storefront.\n  - name: Shop SPA');
    expect(text).toContain('callbacks: "@@STORE_CALLBACKS@@"');
    expect(parse(text).clients).toHaveLength(1);
    expect((await planAfter(dir)).plan.changes).toEqual([]);
  });

  it('refuses a name matching nothing, and names what there is', async () => {
    const dir = await emptyRepository(tenant.domain);
    const start = tenant.requests.length;
    const error = (await adoptTenant({
      env: 'shop',
      connection,
      tenantDir: dir,
      only: ['roles:Order Reader'],
    }).catch((caught: unknown) => caught)) as DeployError;
    expect(error.code).toBe('E_NO_MATCH');
    expect(error.message).toBe(
      'E_NO_MATCH: --only roles:Order Reader matches nothing in the tenant; its roles are Order reader (names are exact, case included)',
    );
    expect(
      tenant.requests.slice(start).every((entry) => entry.method === 'GET' || entry.path === '/oauth/token'),
    ).toBe(true);
    expect(await filesUnder(dir)).toEqual([path.join(dir, 'environments', 'shop.json')]);
  });

  it('never adopts the client it signs in with', async () => {
    const dir = await emptyRepository(tenant.domain);
    const error = (await adoptTenant({
      env: 'shop',
      connection,
      tenantDir: dir,
      only: [`clients:${tenant.deployClient.name}`],
    }).catch((caught: unknown) => caught)) as DeployError;
    expect(error.code).toBe('E_NO_MATCH');
    expect(error.message).toContain('cannot be adopted: it is the client this command signs in with');
  });

  it('refuses an unknown type, and an environment file for another tenant, before any request', async () => {
    const dir = await emptyRepository('other.auth0.test');
    const start = tenant.requests.length;
    const wrongTenant = (await adoptTenant({ env: 'shop', connection, tenantDir: dir }).catch(
      (caught: unknown) => caught,
    )) as DeployError;
    expect(wrongTenant.code).toBe('E_WRONG_TENANT');
    const unknownType = (await adoptTenant({
      env: 'shop',
      connection: { ...connection, domain: 'other.auth0.test' },
      tenantDir: dir,
      only: ['apis'],
    }).catch((caught: unknown) => caught)) as DeployError;
    expect(unknownType.code).toBe('E_UNKNOWN_TYPE');
    expect(tenant.requests.length).toBe(start);
  });
});
