import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { APP_METADATA_CLAIM, USER_METADATA_CLAIM } from '../../app/claims.ts';
import { deployTenant } from '../../deploy/deploy-tenant.ts';
import { formatTokens, tokensForUser } from '../../local/local-tokens.ts';
import { runLocalDemo } from '../../local/run-local-demo.ts';
import { runningTenantFile } from '../../local/running-tenant.ts';
import { SAMPLE_USERS } from '../../local/sample-users.ts';
import { openLocalTenant } from '../../local/saved-tenant.ts';
import { startLocalTenant } from '../../local/start-tenant.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';

// One local tenant: what `deploy --env local` changes is what `npm start` serves, now and after a
// restart. Each test file gets its own state file, never the repository's .tenant-state/.
describe('one local tenant', () => {
  it('deploy --env local lands in the running npm start tenant; npm run token logs in through it; a restart keeps it', async () => {
    const stateFile = path.join(await mkdtemp(path.join(tmpdir(), 'one-tenant-')), 'local.json');
    const started = await startLocalTenant({ port: 0, stateFile });
    try {
      expect(started.restored).toBe(false);
      expect(JSON.parse(await readFile(runningTenantFile(stateFile), 'utf8'))).toMatchObject({
        url: started.served.url,
        pid: process.pid,
      });
      await expect(startLocalTenant({ port: 0, stateFile })).rejects.toThrow(
        `E_ALREADY_RUNNING: npm start already serves the local tenant at ${started.served.url}`,
      );
      // What `npm run deploy -- --env local` does while npm start runs.
      const local = await openLocalTenant(stateFile);
      try {
        expect(local.target).toBe('running');
        const deployed = await deployTenant({
          env: 'local',
          connection: local.connection,
          tenantDir: CLAIMS_APP.dir,
          build: false,
          quietImport: true,
        });
        // One import: the loopback forwarding survives connections the tenant's server closes when idle.
        expect(deployed.imports).toBe(1);
      } finally {
        await local.close();
      }
      expect(started.tenant.state.actions.map((action) => action.name)).toEqual(['post-login-claims']);

      // The next login runs the deployed Action: Ada's tokens carry her claims.
      started.tenant.seedUsers(SAMPLE_USERS.map((user) => ({ ...user })));
      const result = await tokensForUser({ user: 'ada@example.com', stateFile });
      const keys = createRemoteJWKSet(new URL(`${started.served.url}/.well-known/jwks.json`));
      const access = await jwtVerify(result.tokens.access_token, keys, { audience: result.audience });
      expect(access.payload[APP_METADATA_CLAIM]).toMatchObject({ tenant_id: 'acme' });
      expect(String(access.payload.scope)).toContain('read:preferences');
      const id = await jwtVerify(result.tokens.id_token ?? '', keys, { audience: result.clientId });
      expect(id.payload[USER_METADATA_CLAIM]).toMatchObject({ preferences: { language: 'en-GB' } });
      expect(formatTokens(result, false)).toBe(
        `ACCESS_TOKEN='${result.tokens.access_token}'\nID_TOKEN='${result.tokens.id_token}'`,
      );
      await expect(tokensForUser({ user: 'nobody@example.com', stateFile })).rejects.toThrow(
        /E_UNKNOWN_USER: nobody@example\.com is not a user of the local tenant; pass one of: ada@example\.com, grace@example\.com/,
      );
    } finally {
      await started.close();
    }
    await expect(readFile(runningTenantFile(stateFile))).rejects.toThrow(/ENOENT/);
    await expect(tokensForUser({ user: 'ada@example.com', stateFile })).rejects.toThrow(/E_NOT_RUNNING/);

    // npm start -- --once again: the saved tenant, nothing to deploy, Ada as the demo left her.
    const lines: string[] = [];
    const demo = await runLocalDemo({
      tenantDir: CLAIMS_APP.dir,
      port: 0,
      apiPort: 0,
      build: false,
      once: true,
      stateFile,
      log: (l) => lines.push(l),
    });
    await demo.close();
    expect(lines).toContain('  plan: 0 change(s)');
    expect(demo.roundTrip.before).toBe('en-GB');
    // --once exits after the demo: no how-to for a second terminal that would find nothing running.
    expect(lines.join('\n')).not.toMatch(/while npm start runs|npm run api/);

    const fresh = await startLocalTenant({ port: 0, stateFile, fresh: true });
    await fresh.close();
    expect(fresh.restored).toBe(false);
    expect(fresh.tenant.state.actions).toEqual([]);
  }, 90_000);
});
