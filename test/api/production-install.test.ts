import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimContract, claimDocs, documentedFields } from '../../claims/index.ts';
import { REPO_ROOT } from '../../core/paths.ts';
import { loginHeadless } from '../../emulator/tenant/login/headless-login.ts';
import { type ServedTenant, serveFakeTenant } from '../../emulator/tenant/transport.ts';
import { placed } from '../claims/contract-values.ts';
import { ADA, API_AUDIENCE, CALLBACK, createTestTenant } from '../emulator/login/local-tenant-fixture.ts';
import { startApiProcess } from './support/api-process.ts';

// What a deployment does: the repository's files without its tests, `npm ci --omit=dev`, then
// `npm run api`. Every package the API loads at run time must be in `dependencies`.

const work = mkdtempSync(path.join(tmpdir(), 'preferences-api-prod-'));
let served: ServedTenant | undefined;
let apiPid: number | undefined;

afterAll(async () => {
  // npm does not pass a signal on to the API: end it by its own pid if the test stopped early.
  if (apiPid !== undefined) {
    try {
      process.kill(apiPid, 'SIGKILL');
    } catch {}
  }
  await served?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('npm ci --omit=dev && npm run api', () => {
  it('serves health, readiness and a PATCH, and exits 0 on SIGTERM', async () => {
    const tracked = execFileSync('git', ['ls-files'], { cwd: REPO_ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file !== '' && !file.startsWith('test/') && !file.startsWith('docs/'));
    for (const file of tracked)
      cpSync(path.join(REPO_ROOT, file), path.join(work, file), { recursive: true });
    execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: work,
      stdio: 'pipe',
    });

    const local = await createTestTenant();
    local.tenant.state.clientGrants.push({
      id: 'cgr_preferences_api',
      client_id: local.m2mClientId,
      audience: local.tenant.context.managementAudience,
      scope: ['read:users', 'update:users'],
    });
    served = await serveFakeTenant(local.tenant);
    const api = await startApiProcess(
      {
        AUTH0_DOMAIN: local.tenant.domain,
        AUTH0_BASE_URL: served.url,
        API_AUDIENCE,
        AUTH0_CLIENT_ID: local.m2mClientId,
        AUTH0_CLIENT_SECRET: local.m2mSecret,
      },
      // tsx compiles every module at start: slow on a busy machine.
      { cwd: work, command: ['npm', 'run', '--silent', 'api'], startTimeoutMs: 90_000 },
    );
    apiPid = JSON.parse(api.lines.find((line) => line.includes('"event":"listening"')) ?? '{}').pid;
    const login = await loginHeadless({
      baseUrl: served.url,
      clientId: local.spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      scope: 'openid update:preferences',
      user: ADA.email,
    });

    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${api.url}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { jwks: 'ok' } });
    // `npm run api` serves the team's contract: change its first user-editable field to its example.
    const editable = documentedFields(claimContract, claimDocs).find(
      (field) => field.spec.editableBy === 'user',
    );
    if (!editable) throw new Error('the contract has no user-editable field for the API to change');
    const change = placed(editable, editable.doc.example);
    const saved = await fetch(`${api.url}/me/preferences`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${login.tokens.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify(change),
    });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject(change);

    // npm exits at once on SIGTERM and its shell does not pass the signal on, so a supervisor must
    // signal the API's own process (docs/preferences-api.md: run it without npm in production).
    process.kill(apiPid as number, 'SIGTERM');
    expect(await api.exited).toEqual({ code: 0, signal: null });
    apiPid = undefined;
    expect(api.lines.some((line) => line.includes('"event":"stopped"'))).toBe(true);
  }, 240_000);
});
