import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { adoptTenant } from '../../deploy/adopt/index.ts';
import { planTenant } from '../../deploy/deploy-tenant.ts';
import { emptyRepository, managementCalls, SHOP_SECRETS, seedShop } from './adopt-seed.ts';
import { inProcessTenant } from './in-process-tenant.ts';

// Adopting three resources out of a tenant holding 1,000 other applications, 200 other APIs and
// 1,000 other grants:
// only those three are written, found by paging through Auth0's lists to the end.

const OTHERS = { clients: 1000, apis: 200 };
const { tenant, connection } = inProcessTenant('crowded.auth0.test');

beforeAll(async () => {
  const { state } = tenant;
  // The others come first, so the three wanted sit on the lists' last pages.
  for (let index = 0; index < OTHERS.clients; index += 1)
    state.clients.push({
      client_id: `other-${index}`,
      client_secret: 'x',
      name: `Other app ${index}`,
      global: false,
    });
  for (let index = 0; index < OTHERS.apis; index += 1)
    state.resourceServers.push({
      id: `rs-other-${index}`,
      identifier: `https://other/${index}`,
      name: `Other ${index}`,
    });
  for (let index = 0; index < OTHERS.clients; index += 1)
    state.clientGrants.push({
      id: `cgr_other_${index}`,
      client_id: `other-${index}`,
      audience: `https://other/${index % OTHERS.apis}`,
      scope: [],
    });
  await seedShop(tenant, await managementCalls(tenant, connection));
});

it('adopts three selected resources out of 1,000 applications, 200 APIs and 1,000 grants, writing only those three', async () => {
  const dir = await emptyRepository(tenant.domain);
  const start = tenant.requests.length;
  const started = performance.now();
  const result = await adoptTenant({
    env: 'shop',
    connection,
    tenantDir: dir,
    only: [
      'clients:Shop SPA,resourceServers:https://api.shop.example',
      'clientGrants:Shop backend -> https://api.shop.example',
    ],
  });
  const elapsed = performance.now() - started;
  const requests = tenant.requests.slice(start);
  expect(result.adopted).toEqual([
    { type: 'clients', name: 'Shop SPA' },
    { type: 'resourceServers', name: 'https://api.shop.example' },
    { type: 'clientGrants', name: 'Shop backend -> https://api.shop.example' },
  ]);
  const yaml = parse(await readFile(path.join(dir, 'tenant.yaml'), 'utf8'));
  expect(Object.keys(yaml)).toEqual(['clients', 'resourceServers', 'clientGrants']);
  expect(yaml.clients.map((client: { name: string }) => client.name)).toEqual(['Shop SPA']);
  expect(yaml.resourceServers).toHaveLength(1);
  expect(yaml.clientGrants).toEqual([
    { client_id: 'Shop backend', audience: '##SHOP_API_IDENTIFIER##', scope: ['read:orders'] },
  ]);

  // Only reads, and every page of the lists up to the last, 100 a page: 1,000 applications plus the
  // global client, the deploy client and the shop's two; the APIs plus the Management API and the
  // shop's; the grants plus the deploy client's and the shop's two.
  expect(requests.filter((entry) => entry.method !== 'GET' && entry.path !== '/oauth/token')).toEqual([]);
  const pages = (route: string) => requests.filter((entry) => entry.path === route).length;
  expect(pages('/api/v2/clients')).toBe(Math.ceil((OTHERS.clients + 4) / 100));
  expect(pages('/api/v2/resource-servers')).toBe(Math.ceil((OTHERS.apis + 2) / 100));
  expect(pages('/api/v2/client-grants')).toBe(Math.ceil((OTHERS.clients + 3) / 100));
  console.log(
    `import of 3 of ${OTHERS.clients} applications, ${OTHERS.apis} APIs and ${OTHERS.clients} grants: ${requests.length} requests, ${elapsed.toFixed(0)} ms`,
  );

  const { plan } = await planTenant({
    env: 'shop',
    connection,
    tenantDir: dir,
    secretSource: SHOP_SECRETS,
    build: false,
  });
  expect(plan.changes).toEqual([]);
});
