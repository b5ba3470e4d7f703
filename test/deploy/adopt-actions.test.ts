import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adoptTenant } from '../../deploy/adopt/index.ts';
import { planTenant } from '../../deploy/deploy-tenant.ts';
import { emptyRepository, managementCalls } from './adopt-seed.ts';
import { inProcessTenant } from './in-process-tenant.ts';

// A JavaScript Action written in the dashboard, bound to post-login: adopting the trigger brings the
// Action with it, its code in a file as deploy-cli's export lays it out, its dependencies as declared.

const { tenant, connection } = inProcessTenant('actions-shop.auth0.test');
const CODE = [
  "const { v4: uuid } = require('uuid');",
  'exports.onExecutePostLogin = async (event, api) => {',
  "  api.idToken.setCustomClaim('https://shop.example/visit', uuid());",
  '};',
  '',
].join('\n');

beforeAll(async () => {
  const call = await managementCalls(tenant, connection);
  const action = await call('POST', '/actions/actions', {
    name: 'shop-visit',
    code: CODE,
    runtime: 'node22',
    dependencies: [{ name: 'uuid', version: '9.0.1' }],
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    secrets: [{ name: 'VENDOR_KEY', value: 'vendor-key-never-in-the-repo' }],
  });
  await call('POST', `/actions/actions/${String(action.id)}/deploy`);
  await call('PATCH', '/actions/triggers/post-login/bindings', {
    bindings: [{ ref: { type: 'action_name', value: 'shop-visit' }, display_name: 'Shop visit' }],
  });
});

it('adopts a trigger with the JavaScript Action it binds, and plan right after has nothing to change', async () => {
  const dir = await emptyRepository(tenant.domain);
  const result = await adoptTenant({
    env: 'shop',
    connection,
    tenantDir: dir,
    only: ['triggers:post-login'],
  });
  expect(result.adopted).toEqual([
    { type: 'triggers', name: 'post-login' },
    { type: 'actions', name: 'shop-visit' },
  ]);
  expect(result.boundActions).toEqual(['shop-visit']);
  const yaml = parse(await readFile(path.join(dir, 'tenant.yaml'), 'utf8'));
  expect(yaml.triggers).toEqual({
    'post-login': [{ action_name: 'shop-visit', display_name: 'Shop visit' }],
  });
  expect(yaml.actions).toEqual([
    {
      name: 'shop-visit',
      code: './actions/shop-visit/code.js',
      runtime: 'node22',
      deployed: true,
      dependencies: [{ name: 'uuid', version: '9.0.1' }],
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      // Auth0 never returns a secret's value: the environment supplies it.
      secrets: [{ name: 'VENDOR_KEY', value: '@@SHOP_VISIT_VENDOR_KEY@@' }],
    },
  ]);
  const mapping = JSON.parse(await readFile(path.join(dir, 'environments', 'shop.json'), 'utf8'));
  expect(mapping.secrets).toEqual({ SHOP_VISIT_VENDOR_KEY: 'SHOP_VISIT_VENDOR_KEY' });
  expect(result.secrets).toEqual(['SHOP_VISIT_VENDOR_KEY']);
  expect(await readFile(path.join(dir, 'actions', 'shop-visit', 'code.js'), 'utf8')).toBe(CODE);
  for (const file of ['tenant.yaml', 'environments/shop.json', 'actions/shop-visit/code.js'])
    expect(await readFile(path.join(dir, file), 'utf8')).not.toContain('vendor-key-never-in-the-repo');
  const { plan } = await planTenant({
    env: 'shop',
    connection,
    tenantDir: dir,
    secretSource: { SHOP_VISIT_VENDOR_KEY: 'vendor-key-never-in-the-repo' },
    build: false,
  });
  expect(plan.changes).toEqual([]);
});
