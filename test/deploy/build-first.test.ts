import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';
import { deployTenant, planTenant } from '../../deploy/deploy-tenant.ts';
import { DEPLOY_SCOPES } from '../../deploy/management-scopes.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';
import { inProcessTenant } from './in-process-tenant.ts';
import { copyTenant } from './tenant-copy.ts';

const { tenant, connection } = inProcessTenant('local-tenant.auth0.test');

describe('plan and deploy on a fresh clone (no tenant/dist)', () => {
  it('build first: plan shows the first deploy, deploy applies it, the next plan is empty', async () => {
    const copy = await copyTenant();
    await rm(path.join(copy.dir, 'dist'), { recursive: true, force: true });
    const log: string[] = [];
    const first = await planTenant({
      env: 'local',
      connection,
      tenantDir: copy.dir,
      actionsDir: CLAIMS_APP.actionsDir,
      log: (l) => log.push(l),
    });
    expect(log[0]).toBe('build: no bundles built yet; building');
    expect(first.plan.changes.map((change) => `${change.kind} ${change.type} ${change.name}`)).toContain(
      'create actions post-login-claims',
    );
    const manifest = JSON.parse(await readFile(path.join(copy.dir, 'dist', 'manifest.json'), 'utf8'));
    expect(manifest.map((entry: { name: string }) => entry.name)).toEqual(['post-login-claims']);

    await rm(path.join(copy.dir, 'dist'), { recursive: true, force: true });
    // The deploy client holds only the scopes the README lists for it.
    const grant = tenant.state.clientGrants.find((candidate) => candidate.client_id === connection.clientId);
    if (grant) grant.scope = [...DEPLOY_SCOPES];
    const deployed = await deployTenant({
      env: 'local',
      connection,
      tenantDir: copy.dir,
      actionsDir: CLAIMS_APP.actionsDir,
      quietImport: true,
    });
    expect(deployed.applied.length).toBe(first.plan.changes.length);
    expect(tenant.state.actions.map((action) => action.name)).toContain('post-login-claims');
    const again = await planTenant({
      env: 'local',
      connection,
      tenantDir: copy.dir,
      actionsDir: CLAIMS_APP.actionsDir,
      log: (l) => log.push(l),
    });
    expect(again.plan.changes).toEqual([]);
  }, 60_000);
});

describe('npm run plan', () => {
  it('refuses an unknown --env before it looks for credentials', async () => {
    const environment = Object.fromEntries(
      Object.entries(process.env).filter(([name]) => !name.startsWith('AUTH0_')),
    );
    const failure = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'plan.ts'), '--env', 'qa'],
      { cwd: REPO_ROOT, env: environment },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr.trim()).toBe(
      'E_UNKNOWN_ENVIRONMENT: tenant/environments/qa.json does not exist; pass an environment that has a mapping file in tenant/environments/',
    );
  }, 30_000);
});
