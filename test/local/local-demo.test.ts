import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_METADATA_CLAIM } from '../../app/claims.ts';
import { REPO_ROOT } from '../../core/paths.ts';
import { PREFERENCES_API_CLIENT } from '../../local/local-api-environment.ts';
import { runLocalDemo } from '../../local/run-local-demo.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';

// `npm start -- --once` as a whole, on free ports, deploying the claims-app fixture (never the team's
// tenant/) with the bundles the suite's setup built: the one test here that runs the real
// auth0-deploy-cli (about 3 s, most of it deploy-cli's own wait before binding the Action).

const execFileAsync = promisify(execFile);

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'start-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm start', () => {
  it('deploys, logs Ada in, and her refreshed ID token carries the language changed through our API', async () => {
    const lines: string[] = [];
    const envFile = path.join(dir, 'start-api.env');
    const demo = await runLocalDemo({
      port: 0,
      apiPort: 0,
      build: false,
      log: (line) => lines.push(line),
      apiEnvFile: envFile,
      tenantDir: CLAIMS_APP.dir,
      // Its own saved state, never the repository's .tenant-state/.
      stateFile: path.join(dir, 'local.json'),
    });
    try {
      expect(demo.roundTrip).toMatchObject({ before: 'en-GB', requested: 'fr-CA', after: 'fr-CA' });
      expect(decodeJwt(demo.roundTrip.refreshed.id_token ?? '')[USER_METADATA_CLAIM]).toMatchObject({
        preferences: { language: 'fr-CA', timezone: 'Europe/London', theme: 'dark' },
      });
      expect(lines).toContain('  ID token preferences.language: en-GB -> fr-CA');
      const ada = demo.tenant.state.users.find((user) => user.email === 'ada@example.com');
      expect(ada?.user_metadata).toMatchObject({ preferences: { language: 'fr-CA' }, shoe_size: 38 });

      // Still serving after the demo: the API answers with the refreshed access token.
      const answer = await fetch(`${demo.api.url}/me/preferences`, {
        headers: { authorization: `Bearer ${demo.roundTrip.refreshed.access_token}` },
      });
      expect(await answer.json()).toMatchObject({ preferences: { language: 'fr-CA' } });

      // The API's client secret: in the owner-only variables file, never in the output.
      const client = demo.tenant.state.clients.find((candidate) => candidate.name === PREFERENCES_API_CLIENT);
      const secret = client?.client_secret ?? '';
      expect(secret.length).toBeGreaterThan(16);
      expect(lines.join('\n')).not.toContain(secret.slice(0, 8));
      expect(await readFile(envFile, 'utf8')).toContain(`AUTH0_CLIENT_SECRET='${secret}'`);
      expect((await stat(envFile)).mode & 0o077).toBe(0);
      expect(lines).toContain(`  AUTH0_BASE_URL=${demo.served.url}`);
    } finally {
      await demo.close();
    }
    await expect(stat(envFile)).rejects.toThrow(/ENOENT/);
    await expect(fetch(`${demo.api.url}/me/preferences`)).rejects.toThrow();
  }, 60_000);

  it('with --https serves the saved tenant over TLS, its issuer https, and tells Node apps what to trust', async () => {
    const lines: string[] = [];
    const envFile = path.join(dir, 'start-api.env');
    const tls = path.join(dir, 'tls');
    const demo = await runLocalDemo({
      port: 0,
      apiPort: 0,
      build: false,
      log: (line) => lines.push(line),
      apiEnvFile: envFile,
      tenantDir: CLAIMS_APP.dir,
      stateFile: path.join(dir, 'local.json'),
      https: { dir: tls },
      // The saved state already holds what the first test deployed.
      deploy: async () => 0,
    });
    try {
      const port = demo.served.port;
      expect(demo.served.url).toBe(`https://127.0.0.1:${port}`);
      expect(demo.tenant.issuer).toBe(`https://127.0.0.1:${port}/`);
      // The round trip through our API and a refresh, all over TLS: the language changed again.
      expect(demo.roundTrip.after).toBe(demo.roundTrip.requested);
      expect(demo.roundTrip.after).not.toBe(demo.roundTrip.before);
      expect(lines.join('\n')).toContain(`NODE_EXTRA_CA_CERTS=${tls}/ca.pem`);
      expect(lines).toContainEqual(
        expect.stringMatching(new RegExp(`^  domain     127\\.0\\.0\\.1:${port} `)),
      );
      const variables = await readFile(envFile, 'utf8');
      expect(variables).toContain(`AUTH0_BASE_URL='https://127.0.0.1:${port}'`);
      expect(variables).toContain(`NODE_EXTRA_CA_CERTS='${tls}/ca.pem'`);

      // npm run token and npm run plan, each in a process of its own started without
      // NODE_EXTRA_CA_CERTS, find the https tenant npm start announced and trust its authority.
      const { NODE_EXTRA_CA_CERTS: _unset, ...inherited } = process.env;
      const command = (script: string, args: string[]) =>
        execFileAsync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, script), ...args], {
          cwd: REPO_ROOT,
          env: { ...inherited, LOCAL_TENANT_STATE: path.join(dir, 'local.json') },
        });
      const token = await command('scripts/token.ts', ['--user', 'ada@example.com', '--json']);
      const tokens = JSON.parse(token.stdout) as { id_token: string };
      expect(decodeJwt(tokens.id_token)).toMatchObject({ iss: `https://127.0.0.1:${port}/` });
      expect(token.stderr).toContain(`logged ada@example.com in at https://127.0.0.1:${port}`);
      // Exit 0: nothing to change, read over TLS from the tenant npm start serves.
      const plan = await command('scripts/plan.ts', [
        '--env',
        'local',
        '--skip-build',
        '--tenant-dir',
        CLAIMS_APP.dir,
        '--actions-dir',
        CLAIMS_APP.actionsDir,
      ]);
      expect(plan.stderr).toContain('local tenant: the one npm start is serving');
    } finally {
      await demo.close();
    }
  }, 60_000);
});
