import { beforeEach, describe, expect, it } from 'vitest';
import { deployTenant } from '../../deploy/deploy-tenant.ts';
import type { DeployError } from '../../deploy/errors.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';
import { inProcessTenant } from './in-process-tenant.ts';
import { copyTenant as copyFixture } from './tenant-copy.ts';

// Each refusal happens before the first request: the tenant's request log stays empty. The tenant has
// a domain of its own, and each copy's local environment names it: in a shared test worker, a read
// another file's plan left retrying after its tenant closed would otherwise land on this one and
// show in its log.
const DOMAIN = 'preflight-tenant.auth0.test';
const { tenant, connection } = inProcessTenant(DOMAIN);
const copyTenant = async () => {
  const copy = await copyFixture();
  await copy.edit('environments/local.json', (text) => text.replace('local-tenant.auth0.test', DOMAIN));
  return copy;
};
beforeEach(() => {
  tenant.state.requests.length = 0;
});

const refusal = async (run: Promise<unknown>): Promise<DeployError> => {
  const error = (await run.then(
    () => undefined,
    (caught: unknown) => caught,
  )) as DeployError | undefined;
  expect(error?.name).toBe('DeployError');
  expect(tenant.requests).toEqual([]);
  return error as DeployError;
};

describe('preflight', () => {
  it('refuses a placeholder the environment does not define, naming file, line, key and fix', async () => {
    const copy = await copyTenant();
    await copy.edit('tenant.yaml', (text) => text.replace('##SUPPORT_EMAIL##', '##SUPPORT_ADDRESS##'));
    const error = await refusal(
      deployTenant({ env: 'local', connection, tenantDir: copy.dir, build: false }),
    );
    expect(error.code).toBe('E_UNRESOLVED_PLACEHOLDER');
    expect(error.message).toMatch(
      /tenant\.yaml:\d+ uses ##SUPPORT_ADDRESS## .*local\.json does not define it; add "SUPPORT_ADDRESS"/,
    );
  });

  it('refuses a placeholder left in a bundle', async () => {
    const copy = await copyTenant();
    await copy.edit('dist/post-login-claims.js', (text) => `${text}\n// ##BUILD_STAMP##`);
    await copy.edit('dist/manifest.json', (text) => text); // the manifest no longer matches either
    const error = await refusal(
      deployTenant({ env: 'local', connection, tenantDir: copy.dir, build: false }),
    );
    expect(error.code).toBe('E_BUNDLE_MISSING');
    expect(error.message).toMatch(/post-login-claims\.js differs from its manifest entry; run npm run build/);
  });

  it('refuses a secret whose environment variable is not set, naming the variable', async () => {
    const copy = await copyTenant();
    await copy.edit('environments/local.json', (text) =>
      text.replace('"secrets": {}', '"secrets": { "SUPPORT_EMAIL_SECRET": "CLAIMS_SUPPORT_EMAIL" }'),
    );
    await copy.edit('tenant.yaml', (text) => text.replace('##SUPPORT_EMAIL##', '##SUPPORT_EMAIL_SECRET##'));
    const error = await refusal(
      deployTenant({ env: 'local', connection, tenantDir: copy.dir, build: false, secretSource: {} }),
    );
    expect(error.code).toBe('E_MISSING_SECRET');
    expect(error.message).toContain('SUPPORT_EMAIL_SECRET from environment variable CLAIMS_SUPPORT_EMAIL');
  });

  it('refuses a protected environment without --yes', async () => {
    const error = await refusal(
      deployTenant({ env: 'prod', connection, tenantDir: CLAIMS_APP.dir, build: false }),
    );
    expect(error.code).toBe('E_APPROVAL_REQUIRED');
    expect(error.message).toContain('rerun with --yes');
  });

  it('refuses deletes that could reach the deploy client (no AUTH0_CLIENT_ID to spare it)', async () => {
    const error = await refusal(
      deployTenant({
        env: 'local',
        connection: { domain: tenant.domain, accessToken: 'token-from-elsewhere' },
        allowDelete: true,
        tenantDir: (await copyTenant()).dir,
        build: false,
      }),
    );
    expect(error.code).toBe('E_DELETES_DEPLOY_CLIENT');
  });

  it('refuses credentials for another tenant than the environment names', async () => {
    const error = await refusal(
      deployTenant({ env: 'dev', connection, tenantDir: CLAIMS_APP.dir, build: false }),
    );
    expect(error.code).toBe('E_WRONG_TENANT');
  });
});

describe('preflight reads tenant.yaml', () => {
  it('answers a YAML syntax error with one line: file:line:col and the reason', async () => {
    const copy = await copyTenant();
    let where = '';
    await copy.edit('tenant.yaml', (text) => {
      const lines = text.split('\n');
      const index = lines.findIndex((row) => row.includes('enabled_locales: ["en"]'));
      lines[index] = `${lines[index]} ]`;
      where = `${index + 1}:${(lines[index] as string).length}`;
      return lines.join('\n');
    });
    const error = await refusal(
      deployTenant({ env: 'local', connection, tenantDir: copy.dir, build: false }),
    );
    expect(error.code).toBe('E_YAML');
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toMatch(new RegExp(`^E_YAML: .*tenant\\.yaml:${where} \\S.*; fix the YAML there$`));
  });

  it('refuses a trigger binding that names no declared Action, naming file, line and key', async () => {
    const copy = await copyTenant();
    await copy.edit('tenant.yaml', (text) =>
      text.replace(/(triggers:\n\s+post-login:\n\s+- action_name:) \S+/, '$1 post-login-claimz'),
    );
    const error = await refusal(
      deployTenant({ env: 'local', connection, tenantDir: copy.dir, build: false }),
    );
    expect(error.code).toBe('E_UNKNOWN_ACTION');
    expect(error.message).toMatch(
      /tenant\.yaml:\d+:\d+ triggers\.post-login\[0\]\.action_name is "post-login-claimz", which tenant\.yaml's "actions" does not declare \(declared: post-login-claims\); name a declared Action/,
    );
  });
});
