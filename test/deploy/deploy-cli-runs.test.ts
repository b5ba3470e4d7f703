import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';
import { installAjvCacheShim } from '../../deploy/ajv-cache-shim.ts';
import { type DeployOptions, deployTenant, planTenant } from '../../deploy/deploy-tenant.ts';
import { environmentFile, loadEnvironment } from '../../deploy/environment.ts';
import type { DeployError } from '../../deploy/errors.ts';
import {
  createFakeTenant,
  type FakeTenant,
  type FakeTenantOptions,
} from '../../emulator/tenant/fake-tenant.ts';
import { fakeTenantHandlers } from '../../emulator/tenant/transport.ts';
import { saveLocalTenant } from '../../local/saved-tenant.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';
import { type FreshImport, importIntoFreshTenant } from '../support/fresh-import.ts';
import { copyTenant } from './tenant-copy.ts';

// Every test that runs the real auth0-deploy-cli, in one file and in order, sharing one process and
// its compiled schema. The one run of deploy-cli without our schema shim, the slow one (~25 s of
// compiling JSON Schema), goes on in a child process on the other core meanwhile: these tests spend
// most of their time in deploy-cli's own waits. They deploy the claims-app fixture
// (test/fixtures/claims-app), never the team's tenant/.

const FIXTURE = CLAIMS_APP.dir;

const server = setupServer();
let publishedRun: Promise<FreshImport>;
beforeAll(() => {
  publishedRun = promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/support/fresh-import.ts'], {
    cwd: REPO_ROOT,
    maxBuffer: 16 * 1024 * 1024,
  }).then(({ stdout }) => JSON.parse(stdout) as FreshImport);
  publishedRun.catch(() => {}); // awaited (and reported) by the last test
  expect(installAjvCacheShim()).not.toBe('version-mismatch');
  server.listen({ onUnhandledRequest: 'error' });
});
afterAll(() => server.close());

const environmentOf = new Map<FakeTenant, string>();

/** A fresh fake tenant at the domain `env`'s mapping names, reachable through this file's msw server. */
const openTenant = (env: string, options: FakeTenantOptions = {}): FakeTenant => {
  const { tenant: domain } = JSON.parse(readFileSync(environmentFile(env, FIXTURE), 'utf8')) as {
    tenant: string;
  };
  const tenant = createFakeTenant({ ...options, domain });
  environmentOf.set(tenant, env);
  server.use(...fakeTenantHandlers(tenant));
  return tenant;
};

const connectionTo = (tenant: FakeTenant) => ({
  domain: tenant.domain,
  clientId: tenant.deployClient.client_id,
  clientSecret: tenant.deployClient.client_secret,
});

const deploy = (tenant: FakeTenant, options: Partial<DeployOptions> = {}) =>
  deployTenant({
    env: environmentOf.get(tenant) ?? 'local',
    connection: connectionTo(tenant),
    tenantDir: FIXTURE,
    build: false,
    quietImport: true,
    ...options,
  });

const isWrite = (entry: { method: string; path: string }) =>
  entry.method !== 'GET' && entry.path !== '/oauth/token';
const writesSince = (tenant: FakeTenant, start: number) =>
  tenant.requests
    .slice(start)
    .filter(isWrite)
    .map((entry) => `${entry.method} ${entry.path}`);

const deployedCode = (tenant: FakeTenant) => {
  const [action] = tenant.state.actions;
  return action?.versions.find((version) => version.number === action.deployed_version_number)?.code;
};

describe('deploy with the real auth0-deploy-cli', () => {
  const dev = openTenant('dev');
  let converged: FakeTenant;

  it('first deploy creates everything; the tenant then holds exactly tenant.yaml', async () => {
    const result = await deploy(dev);
    expect(result.applied.map((change) => `${change.kind} ${change.type}`)).toContain('create actions');
    const { state } = dev;
    const mapping = await loadEnvironment('dev', FIXTURE);
    const apiId = mapping.values.API_IDENTIFIER as string;
    expect(state.settings).toMatchObject({
      friendly_name: mapping.values.TENANT_FRIENDLY_NAME,
      support_email: mapping.values.SUPPORT_EMAIL,
    });
    expect(state.clients.map((client) => client.name).sort()).toEqual([
      'Deploy (auth0-deploy-cli)',
      'Preferences API (Management API access)',
      'Preferences SPA',
    ]);
    expect(state.clients.find((client) => client.name === 'Preferences SPA')).toMatchObject({
      app_type: 'spa',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      callbacks: mapping.values.SPA_CALLBACKS,
      web_origins: mapping.values.SPA_ORIGINS,
      refresh_token: { rotation_type: 'rotating', expiration_type: 'expiring' },
    });
    const api = state.resourceServers.find((resource) => resource.identifier === apiId);
    expect(api).toMatchObject({
      signing_alg: 'RS256',
      skip_consent_for_verifiable_first_party_clients: true,
      allow_offline_access: true,
    });
    expect(((api?.scopes ?? []) as { value: string }[]).map((scope) => scope.value)).toEqual([
      'read:preferences',
      'update:preferences',
    ]);
    const m2m = state.clients.find((client) => client.name === 'Preferences API (Management API access)');
    expect(state.clientGrants.filter((grant) => grant.client_id === m2m?.client_id)).toMatchObject([
      { audience: `https://${dev.domain}/api/v2/`, scope: ['read:users', 'update:users'] },
    ]);
    const [action, ...others] = state.actions;
    expect(others).toEqual([]);
    expect(action).toMatchObject({
      name: 'post-login-claims',
      runtime: 'node22',
      deployed_version_number: 1,
    });
    expect(action?.secrets.map(({ name, value }) => ({ name, value }))).toEqual([
      { name: 'API_AUDIENCE', value: apiId },
    ]);
    expect(deployedCode(dev)).toBe(result.preflight.desired.actions?.[0]?.code);
    expect(state.triggerBindings['post-login']?.map((binding) => binding.action_id)).toEqual([action?.id]);
    expect(
      (await planTenant({ env: 'dev', connection: connectionTo(dev), tenantDir: FIXTURE, build: false })).plan
        .changes,
    ).toEqual([]);
  });

  it('an immediate second deploy writes nothing and creates no Action version', async () => {
    const start = dev.requests.length;
    const result = await deploy(dev);
    expect(result.imports).toBe(0);
    expect(writesSince(dev, start)).toEqual([]);
    expect(dev.state.actions[0]?.versions).toHaveLength(1);
  });

  it('promotes dev -> prod: the same bundle, each environment its own values', async () => {
    const prod = openTenant('prod');
    await deploy(prod, { approved: true });
    for (const [tenant, env] of [
      [dev, 'dev'],
      [prod, 'prod'],
    ] as const) {
      const { values } = await loadEnvironment(env, FIXTURE);
      expect(tenant.state.resourceServers.map((resource) => resource.identifier)).toContain(
        values.API_IDENTIFIER,
      );
      expect(tenant.state.clients.find((client) => client.name === 'Preferences SPA')?.callbacks).toEqual(
        values.SPA_CALLBACKS,
      );
      expect(tenant.state.actions[0]?.secrets[0]?.value).toBe(values.API_IDENTIFIER);
    }
    const withoutDigest = (code: string | undefined) => code?.replace(/\/\/# secrets-digest: .*/, '');
    expect(withoutDigest(deployedCode(dev))).toBe(withoutDigest(deployedCode(prod)));
    expect(deployedCode(dev)).not.toBe(deployedCode(prod));
  });

  it('changing only the Action writes only the Action, and deploys it as a new version', async () => {
    const copy = await copyTenant();
    const bundle = path.join(copy.dir, 'dist', 'post-login-claims.js');
    const code = (await readFile(bundle, 'utf8')).replace('claims: skipped', 'claims: not added');
    await writeFile(bundle, code);
    const manifest = JSON.parse(await readFile(path.join(copy.dir, 'dist', 'manifest.json'), 'utf8'));
    manifest[0].sha256 = createHash('sha256').update(code).digest('hex');
    await writeFile(path.join(copy.dir, 'dist', 'manifest.json'), JSON.stringify(manifest));
    const start = dev.requests.length;
    await deploy(dev, { tenantDir: copy.dir });
    const actionId = dev.state.actions[0]?.id;
    expect(writesSince(dev, start)).toEqual([
      `PATCH /api/v2/actions/actions/${actionId}`,
      `POST /api/v2/actions/actions/${actionId}/deploy`,
    ]);
    expect(dev.state.actions[0]?.deployed_version_number).toBe(2);
    expect(deployedCode(dev)).toContain('claims: not added');
  });

  it('leaves what tenant.yaml lacks alone; deletes what deletions.yaml lists, only with --allow-delete', async () => {
    dev.state.clients.push({
      client_id: 'legacy-app-id',
      client_secret: 'x',
      name: 'Legacy app',
      global: false,
    });
    let start = dev.requests.length;
    const untouched = await deploy(dev, { allowDelete: true });
    expect(untouched.plan.unmanaged?.clients).toBe(2); // Legacy app and the deploy client
    expect(writesSince(dev, start).filter((write) => write.startsWith('DELETE'))).toEqual([]);
    expect(dev.state.clients.map((client) => client.name)).toContain('Legacy app');
    const copy = await copyTenant();
    await copy.edit('deletions.yaml', (text) => `${text}clients:\n  - Legacy app\n`);
    start = dev.requests.length;
    const refused = (await deploy(dev, { tenantDir: copy.dir }).catch(
      (caught: unknown) => caught,
    )) as DeployError;
    expect(refused.code).toBe('E_DELETE_NOT_ALLOWED');
    expect(refused.message).toContain('clients Legacy app');
    expect(writesSince(dev, start)).toEqual([]);
    await deploy(dev, { tenantDir: copy.dir, allowDelete: true });
    expect(writesSince(dev, start)).toEqual(['DELETE /api/v2/clients/legacy-app-id']);
    expect(dev.state.clients.map((client) => client.name)).toContain('Deploy (auth0-deploy-cli)');
    expect(dev.state.clients.map((client) => client.name)).not.toContain('Legacy app');
  });

  it('never deletes a client created after the plan was read, even with --allow-delete', async () => {
    const spa = dev.state.clients.find((client) => client.name === 'Preferences SPA');
    if (spa) spa.callbacks = ['https://stale.example/callback'];
    // A client created after the plan was read (by hand, by another pipeline): nobody reviewed its delete.
    const late = { client_id: 'late-app-id', client_secret: 'x', name: 'Late app', global: false };
    const start = dev.requests.length;
    await deploy(dev, {
      allowDelete: true,
      onPlan: (plan) => {
        expect(plan.changes.map((change) => `${change.kind} ${change.type} ${change.name}`)).toEqual([
          'update clients Preferences SPA',
        ]);
        dev.state.clients.push(late);
      },
    });
    expect(writesSince(dev, start)).toEqual([`PATCH /api/v2/clients/${spa?.client_id}`]);
    expect(dev.state.clients.map((client) => client.name)).toContain('Late app');
    dev.state.clients = dev.state.clients.filter((client) => client !== late);
  });

  it('never changes or deletes the clients an environment marks unmanaged, nor their grants', async () => {
    const prod = [...environmentOf].find(([, env]) => env === 'prod')?.[0] as FakeTenant;
    const reader = {
      client_id: 'read-client-id',
      client_secret: 'x',
      name: 'Plan (read-only)',
      global: false,
    };
    const grant = {
      id: 'cgr_read',
      client_id: reader.client_id,
      audience: `https://${prod.domain}/api/v2/`,
      scope: ['read:clients'],
    };
    prod.state.clients.push(reader);
    prod.state.clientGrants.push(grant);
    const copy = await copyTenant();
    // Even listed for deletion, an environment's unmanaged client stays.
    await copy.edit('deletions.yaml', (text) => `${text}clients:\n  - Plan (read-only)\n`);
    const result = await deploy(prod, { approved: true, allowDelete: true, tenantDir: copy.dir });
    expect(result.applied).toEqual([]);
    expect(prod.state.clients.map((client) => client.name)).toContain('Plan (read-only)');
    expect(prod.state.clientGrants.map((kept) => kept.id)).toContain('cgr_read');
  });

  it('converges through 429 bursts, transient 5xx and a slow Action build', async () => {
    const tenant = openTenant('local', {
      buildDelayMs: 1500,
      faults: [
        { kind: 'rate-limit', match: { method: 'POST', path: '/api/v2/clients' }, times: 2 },
        { kind: 'server-error', match: { path: '/api/v2/resource-servers' }, times: 2 },
      ],
    });
    await deploy(tenant);
    expect(tenant.requests.some((entry) => entry.status === 429)).toBe(true);
    expect(tenant.requests.some((entry) => entry.status === 503)).toBe(true);
    expect(tenant.requests.some((entry) => entry.path.endsWith('/deploy') && entry.status === 400)).toBe(
      true,
    );
    expect(
      (await planTenant({ env: 'local', connection: connectionTo(tenant), tenantDir: FIXTURE, build: false }))
        .plan.changes,
    ).toEqual([]);
  });

  it('a deploy cut off half-way converges when run again', async () => {
    const tenant = openTenant('local');
    converged = tenant;
    tenant.faults.add({ kind: 'drop-connection', match: { method: 'POST', path: /\/deploy$/ }, times: 1000 });
    const error = (await deploy(tenant, { maxImportAttempts: 1 }).catch(
      (caught: unknown) => caught,
    )) as DeployError;
    expect(error.code).toBe('E_NOT_CONVERGED');
    expect(tenant.state.actions[0]?.deployed_version_number).toBeNull();
    tenant.faults.clear();
    const again = await deploy(tenant);
    expect(again.plan.changes.map((change) => `${change.kind} ${change.type}`)).toContain('update actions');
    expect(tenant.state.actions[0]?.deployed_version_number).toBe(1);
    expect(
      (await planTenant({ env: 'local', connection: connectionTo(tenant), tenantDir: FIXTURE, build: false }))
        .plan.changes,
    ).toEqual([]);
  });

  it('a retried import deletes nothing the first, reviewed plan did not show', async () => {
    const tenant = openTenant('local');
    tenant.faults.add({ kind: 'drop-connection', match: { method: 'POST', path: /\/deploy$/ }, times: 1000 });
    const late = { client_id: 'late-app-id', client_secret: 'x', name: 'Late app', global: false };
    await deploy(tenant, {
      allowDelete: true,
      log: (line) => {
        // While the first import runs (and fails), someone creates a client; the retry must not delete it.
        if (line.endsWith('attempt 1')) tenant.state.clients.push(late);
        if (line.startsWith('import failed')) tenant.faults.clear();
      },
    });
    expect(tenant.state.clients.map((client) => client.name)).toContain('Late app');
    expect(tenant.requests.filter((entry) => entry.method === 'DELETE')).toEqual([]);
  });

  it('the commands exit 2 when there are changes, 0 when there are none, 1 on a refusal', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'local-'));
    const run = (stateFile: string, script: string, ...args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, LOCAL_TENANT_STATE: path.join(folder, stateFile) },
      }).then(
        ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
    const fresh = await run('fresh.json', 'plan', '--env', 'local', '--tenant-dir', FIXTURE, '--skip-build');
    expect(fresh.code).toBe(2);
    expect(fresh.stdout).toContain('5 to create, 3 to change, 0 to delete');
    expect(fresh.stdout.trim().split('\n').at(-1)).toMatch(/^plan digest: [0-9a-f]{64}$/);
    await saveLocalTenant(converged, path.join(folder, 'converged.json'));
    const clean = await run(
      'converged.json',
      'plan',
      '--env',
      'local',
      '--tenant-dir',
      FIXTURE,
      '--skip-build',
      '--json',
    );
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).summary).toEqual({ create: 0, update: 0, delete: 0 });
    const refused = await run(
      'converged.json',
      'deploy',
      '--env',
      'local',
      '--tenant-dir',
      FIXTURE,
      '--force',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^E_USAGE: .*--force/)]);
    // Three child processes each start tsx: about 14 s apiece at a load average of 25 on 2 cores.
  }, 60_000);

  it('the schema shim changes nothing deploy-cli sends (same requests as deploy-cli as published)', async () => {
    const shimmed = await importIntoFreshTenant({ shim: true, server });
    const published = await publishedRun;
    expect(shimmed.sequence.length).toBeGreaterThan(10);
    expect(shimmed.sequence).toEqual(published.sequence);
    // deploy-cli as published compiles its whole 8 MB schema: 154 s measured at a load average of 25.
  }, 240_000);
});
