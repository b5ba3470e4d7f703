import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { deployTenant, planTenant } from '../../deploy/deploy-tenant.ts';
import { tokensForUser } from '../../local/local-tokens.ts';
import { SAMPLE_USERS } from '../../local/sample-users.ts';
import { openLocalTenant } from '../../local/saved-tenant.ts';
import { startLocalTenant } from '../../local/start-tenant.ts';
import { copyTenant } from '../deploy/tenant-copy.ts';
import { COMPAT, COMPAT_VALUES, NS } from './compat-fixture.ts';

// The compatibility suite's bound Actions (roles claim, axios 0.27, axios 1.x, debug) on the tenant
// `npm start` serves: deployed with the real auth0-deploy-cli, which sends their `dependencies`; a
// user logs in over loopback as `npm run token` does, and the tokens carry what each Action added.
// Vendor calls from the Actions' axios are answered by msw handlers, as `npm start -- --stubs FILE`
// gives them.

const vendors = [
  http.get(`${COMPAT_VALUES.CRM_URL}/customers`, () => HttpResponse.json({ tier: 'gold' })),
  http.post(`${COMPAT_VALUES.RISK_URL}/v1/assessments`, () =>
    HttpResponse.json({ score: 0.2, level: 'low' }),
  ),
];

describe('compatibility Actions on the npm start tenant', () => {
  it('deploy pushes their dependencies, a login runs each at its declared version, and a no-op deploy writes nothing', async () => {
    const stateFile = path.join(await mkdtemp(path.join(tmpdir(), 'compat-tenant-')), 'local.json');
    const started = await startLocalTenant({ port: 0, stateFile, stubs: vendors });
    try {
      const local = await openLocalTenant(stateFile);
      const command = { env: 'local', connection: local.connection, tenantDir: COMPAT.dir, build: false };
      try {
        const deployed = await deployTenant({ ...command, quietImport: true });
        expect(deployed.imports).toBe(1);
        const stored = Object.fromEntries(
          started.tenant.state.actions.map((action) => [action.name, action.dependencies]),
        );
        expect(stored).toMatchObject({
          'crm-tier-axios-0': [{ name: 'axios', version: '0.27.2' }],
          'risk-check-axios-1': [{ name: 'axios', version: '1.7.9' }],
          'login-trace-debug': [{ name: 'debug', version: '4.4.3' }],
          'onboard-management-client': [{ name: 'auth0', version: '4.9.0' }],
          'roles-claim': [],
        });
        const versions = started.tenant.state.actions.map((action) => action.versions.length);

        // Nothing changed: the plan is empty and a deploy makes no request that writes.
        const again = await deployTenant({ ...command, quietImport: true });
        expect(again.plan.changes).toEqual([]);
        expect(again.imports).toBe(0);
        expect(started.tenant.state.actions.map((action) => action.versions.length)).toEqual(versions);

        // Another version of a module is a change the plan shows.
        const edited = await copyTenant(COMPAT.dir);
        await edited.edit('tenant.yaml', (text) =>
          text.replace(/(name: crm-tier-axios-0[\s\S]*?version: )0\.27\.2/, '$11.7.9'),
        );
        const planned = await planTenant({ ...command, tenantDir: edited.dir });
        expect(planned.plan.changes).toEqual([
          expect.objectContaining({
            type: 'actions',
            name: 'crm-tier-axios-0',
            fields: [
              expect.objectContaining({
                field: 'dependencies',
                after: [{ name: 'axios', version: '1.7.9' }],
              }),
            ],
          }),
        ]);
      } finally {
        await local.close();
      }

      started.tenant.seedUsers(SAMPLE_USERS.map((user) => ({ ...user })));
      const result = await tokensForUser({ user: 'ada@example.com', stateFile });
      const id = decodeJwt(result.tokens.id_token ?? '');
      expect(id[`${NS}crm`]).toEqual({ tier: 'gold', client: 'axios 0.27.2' });
      expect(id[`${NS}risk`]).toEqual({ level: 'low', client: 'axios 1.7.9' });
      expect(id[`${NS}login_count`]).toEqual(expect.any(Number));
      expect(id[`${NS}roles`]).toEqual(expect.any(Array));
    } finally {
      await started.close();
    }
  }, 120_000);
});
