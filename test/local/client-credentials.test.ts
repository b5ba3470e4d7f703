import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  formatClientCredentials,
  removeClientCredentials,
  writeClientCredentials,
} from '../../local/client-credentials.ts';
import { createTestTenant } from '../emulator/login/local-tenant-fixture.ts';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('local credentials of the confidential apps', () => {
  it('writes one owner-only file per confidential app, never the SPA or the deploy client, and prints no secret', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'clients-'));
    const { tenant, m2mClientId, m2mSecret } = await createTestTenant();
    tenant.state.clients.push({
      client_id: 'web-id',
      client_secret: 'web-secret-value',
      name: 'Team Web App',
      app_type: 'regular_web',
      token_endpoint_auth_method: 'client_secret_basic',
    });
    const written = await writeClientCredentials(tenant, 'http://127.0.0.1:4000', dir);

    expect(written.map((client) => client.clientId).sort()).toEqual([m2mClientId, 'web-id'].sort());
    expect((await readdir(dir)).sort()).toEqual(['preferences-api.env', 'team-web-app.env']);
    const web = path.join(dir, 'team-web-app.env');
    expect((await stat(web)).mode & 0o777).toBe(0o600);
    expect(await readFile(web, 'utf8')).toBe(
      "ISSUER_BASE_URL='http://127.0.0.1:4000'\nCLIENT_ID='web-id'\nCLIENT_SECRET='web-secret-value'\n",
    );
    const printed = formatClientCredentials(written).join('\n');
    expect(printed).toContain('web-id');
    expect(printed).not.toContain('web-secret-value');
    expect(printed).not.toContain(m2mSecret);

    await removeClientCredentials(dir);
    expect(await readdir(dir)).toEqual([]);
  });

  it('with npm start -- --https, names the https issuer and the authority Node must trust', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'clients-'));
    const { tenant } = await createTestTenant();
    await writeClientCredentials(tenant, 'https://127.0.0.1:4000', dir, '/repo/.tenant-state/tls/ca.pem');
    expect(await readFile(path.join(dir, 'preferences-api.env'), 'utf8')).toMatch(
      /^ISSUER_BASE_URL='https:\/\/127\.0\.0\.1:4000'\n.*\nNODE_EXTRA_CA_CERTS='\/repo\/\.tenant-state\/tls\/ca\.pem'\n$/s,
    );
  });
});
