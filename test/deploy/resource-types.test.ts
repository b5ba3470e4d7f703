import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../core/paths.ts';
import { planTenant } from '../../deploy/deploy-tenant.ts';
import type { DeployError } from '../../deploy/errors.ts';
import { formatPlanText } from '../../deploy/format-plan.ts';
import { selectForImport } from '../../deploy/import-selection.ts';
import { PLAN_SCOPES } from '../../deploy/management-scopes.ts';
import { planDeploy } from '../../deploy/plan.ts';
import type { Plan } from '../../deploy/plan-types.ts';
import { inProcessTenant } from './in-process-tenant.ts';

// The type table's edges, on the fixture tenant that declares every type: preflight refusals (before
// any request), secrets masked both ways, the unmanaged summary, and the part of tenant.yaml an
// import is handed.

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'deploy-types');
const SECRETS = {
  FIXTURE_GOOGLE_CLIENT_SECRET: 'google-secret-for-tests',
  FIXTURE_SENDGRID_API_KEY: 'sendgrid-key-for-tests',
  FIXTURE_LOG_STREAM_TOKEN: 'log-token-for-tests',
  FIXTURE_TWILIO_AUTH_TOKEN: 'twilio-token-for-tests',
  FIXTURE_EVENTS_TOKEN: 'events-token-for-tests',
};
// The fixture's one Action is plain JavaScript with no bundle: a build would bundle the team's
// actions/ into its dist/ (a tsc run per plan) for nothing this file reads.
const PLAN = { env: 'fixture', build: false } as const;
const { tenant, connection } = inProcessTenant('deploy-types.auth0.test');
beforeEach(() => {
  tenant.state.requests.length = 0;
});

const fixtureCopy = async (edit: (yaml: string) => string): Promise<string> => {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'fixture-')), 'tenant');
  await cp(FIXTURE, dir, { recursive: true });
  const file = path.join(dir, 'tenant.yaml');
  await writeFile(file, edit(await readFile(file, 'utf8')));
  return dir;
};

const refusedBeforeAnyRequest = async (
  tenantDir: string,
  secretSource: Record<string, string> = SECRETS,
): Promise<DeployError> => {
  const error = (await planTenant({ ...PLAN, connection, tenantDir, secretSource }).catch(
    (caught: unknown) => caught,
  )) as DeployError;
  expect(error.name).toBe('DeployError');
  expect(tenant.requests).toEqual([]);
  return error;
};

describe('preflight of the resource types', () => {
  it("refuses a key deploy-cli's own schema closes out, naming the file, the key and the type", async () => {
    const dir = await fixtureCopy((yaml) =>
      yaml.replace('  bruteForceProtection:', '  bruteForceProtecton:'),
    );
    const error = await refusedBeforeAnyRequest(dir);
    expect(error.code).toBe('E_UNKNOWN_KEY');
    expect(error.message).toMatch(
      /tenant\.yaml: attackProtection settings has key "bruteForceProtecton", which auth0-deploy-cli's schema for attackProtection does not take/,
    );
  });

  it('takes the keys an export writes that our old lists lacked, and a placeholder in a YAML comment', async () => {
    const dir = await fixtureCopy((yaml) =>
      yaml
        .replace(
          '    cross_origin_auth: false\n',
          '    cross_origin_auth: true\n    # callbacks come from ##NOT_MAPPED_ANYWHERE##\n',
        )
        .replace('    description: Reads things', '    description: Reads things\n    type: custom'),
    );
    const { plan } = await planTenant({ ...PLAN, connection, tenantDir: dir, secretSource: SECRETS });
    const spa = plan.changes.find((change) => change.name === 'Fixture SPA');
    expect(spa?.fields.map((field) => field.field)).toContain('cross_origin_authentication');
  });

  it('refuses a type deploy-cli does not have, naming its types', async () => {
    const error = await refusedBeforeAnyRequest(await fixtureCopy((yaml) => `${yaml}\nrole:\n  - name: x\n`));
    expect(error.code).toBe('E_UNSUPPORTED_RESOURCE');
    expect(error.message).toMatch(
      /declares "role", which is not a resource type of the installed auth0-deploy-cli/,
    );
  });

  it("refuses a connection's secret option whose environment variable is not set", async () => {
    const { FIXTURE_GOOGLE_CLIENT_SECRET: _unset, ...others } = SECRETS;
    const error = await refusedBeforeAnyRequest(FIXTURE, others);
    expect(error.code).toBe('E_MISSING_SECRET');
    expect(error.message).toContain(
      'GOOGLE_CLIENT_SECRET from environment variable FIXTURE_GOOGLE_CLIENT_SECRET',
    );
  });

  it("refuses a connection's secret option written into the repository", async () => {
    const dir = await fixtureCopy((yaml) =>
      yaml.replace('client_secret: "##GOOGLE_CLIENT_SECRET##"', 'client_secret: "in-the-repo"'),
    );
    const error = await refusedBeforeAnyRequest(dir);
    expect(error.code).toBe('E_SECRET_IN_REPO');
    expect(error.message).toContain('connections fixture-google sets secret options.client_secret');
  });
});

describe('the Universal Login page template', () => {
  it('refuses, before any request, a template Auth0 does not have or a body without the tags prompts render into', async () => {
    const misnamed = await refusedBeforeAnyRequest(
      await fixtureCopy((yaml) => yaml.replace('template: universal_login', 'template: universal-login')),
    );
    expect(misnamed.message).toMatch(
      /branding template "universal-login" is not one Auth0 has; the only one is universal_login/,
    );

    const dir = await fixtureCopy((yaml) => yaml);
    const body = path.join(dir, 'branding', 'universal_login.html');
    await writeFile(body, (await readFile(body, 'utf8')).replace('{%- auth0:widget -%}', ''));
    const untagged = await refusedBeforeAnyRequest(dir);
    expect(untagged.message).toMatch(/lacks \{%- auth0:widget -%\}, which Auth0 requires/);
  });

  it('plans a branding change when the tenant holds another template, and none when it holds this one', async () => {
    const declared = await readFile(path.join(FIXTURE, 'branding', 'universal_login.html'), 'utf8');
    const brandingLine = async () => {
      const { plan } = await planTenant({
        ...PLAN,
        connection,
        tenantDir: FIXTURE,
        secretSource: SECRETS,
      });
      return formatPlanText('fixture', tenant.domain, plan)
        .split('\n')
        .filter((line) => /^\s*[~+-] branding/.test(line));
    };
    Object.assign(tenant.state.features.branding, {
      colors: { primary: '#0059d6', page_background: '#101010' },
      logo_url: 'https://fixture.example/logo.png',
    });
    tenant.state.features.universalLoginTemplate = declared.replace('Fixture login', 'Old login');
    expect(await brandingLine()).toEqual([expect.stringMatching(/~ branding/)]);
    tenant.state.features.universalLoginTemplate = declared;
    expect(await brandingLine()).toEqual([]);
  });
});

describe('plan of the resource types', () => {
  it('masks secrets the tenant returns as well as those it would write', async () => {
    tenant.state.connections.push({
      id: 'con_google',
      name: 'fixture-google',
      strategy: 'google-oauth2',
      enabled_clients: [],
      options: { client_id: 'old', client_secret: 'old-tenant-value' },
    });
    const { plan } = await planTenant({
      ...PLAN,
      connection,
      tenantDir: FIXTURE,
      secretSource: SECRETS,
    });
    const text = formatPlanText('fixture', tenant.domain, plan);
    expect(text).toContain('~ connections fixture-google');
    expect(text).toContain('"client_secret":"(secret)"');
    expect(text).not.toContain('old-tenant-value');
    expect(text).not.toContain(SECRETS.FIXTURE_GOOGLE_CLIENT_SECRET);
  });

  it('counts any number of undeclared resources in one capped line', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 500 }), (apps, apis) => {
        const clients = Array.from({ length: apps }, (_, index) => ({
          client_id: `c${index}`,
          name: `App ${index}`,
        }));
        const servers = Array.from({ length: apis }, (_, index) => ({
          id: `r${index}`,
          identifier: `https://api/${index}`,
        }));
        const plan = planDeploy(
          { clients: [], resourceServers: [] },
          { clients, resourceServers: servers },
          { domain: 'x' },
        );
        expect(plan.changes).toEqual([]);
        const lines = formatPlanText('dev', 'x', plan).split('\n');
        expect(lines.filter((line) => line.startsWith('unmanaged'))).toEqual(
          apps + apis ? [expect.stringMatching(new RegExp(`^unmanaged \\(${apps + apis}\\): `))] : [],
        );
        expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(200);
      }),
      { numRuns: 50 },
    );
  });
});

describe('the read-only plan client', () => {
  it('plans every type the fixture declares, client credentials included, with PLAN_SCOPES alone', async () => {
    const grant = tenant.state.clientGrants.find((candidate) => candidate.client_id === connection.clientId);
    if (!grant) throw new Error('the fake tenant seeds a grant for its deploy client');
    const granted = grant.scope;
    grant.scope = [...PLAN_SCOPES];
    // Credentials are read for a declared client the tenant already holds.
    tenant.state.clients.push({
      client_id: 'fixture-backend',
      client_secret: 'x',
      name: 'Fixture backend',
      global: false,
    });
    try {
      const { plan } = await planTenant({ ...PLAN, connection, tenantDir: FIXTURE, secretSource: SECRETS });
      expect(plan.changes.map((change) => change.type)).toEqual(
        expect.arrayContaining([
          'clients',
          'actionModules',
          'themes',
          'selfServiceProfiles',
          'tokenExchangeProfiles',
          'pages',
        ]),
      );
    } finally {
      grant.scope = granted;
      tenant.state.clients = tenant.state.clients.filter((client) => client.client_id !== 'fixture-backend');
    }
  });
});

describe('what an import is handed', () => {
  const yaml = [
    'clients:',
    ...['A', 'B', 'C', 'D', 'E'].flatMap((name) => [
      `  - name: "##PREFIX##${name}"`,
      '    callbacks: "@@CALLBACKS@@"',
    ]),
    'tenant:',
    '  friendly_name: "##PREFIX##"',
  ].join('\n');
  const keywords = { PREFIX: 'app-', CALLBACKS: ['https://x/cb'] };

  it('is exactly the changed resources, placeholders left for deploy-cli to replace', () => {
    fc.assert(
      fc.property(fc.subarray(['A', 'B', 'C', 'D', 'E']), fc.boolean(), (changed, tenantChanged) => {
        const plan: Plan = {
          changes: [
            ...changed.map((name) => ({
              type: 'clients' as const,
              name: `app-${name}`,
              kind: 'update' as const,
              fields: [],
            })),
            ...(tenantChanged
              ? [{ type: 'tenant' as const, name: 'settings', kind: 'update' as const, fields: [] }]
              : []),
            { type: 'clients', name: 'app-gone', kind: 'delete', fields: [] },
          ],
        };
        const selection = selectForImport(yaml, keywords, plan);
        const handed = parse(selection?.yaml ?? '') ?? {};
        expect((handed.clients ?? []).map((client: { name: string }) => client.name)).toEqual(
          changed.map((name) => `##PREFIX##${name}`),
        );
        expect(
          (handed.clients ?? []).every(
            (client: { callbacks: string }) => client.callbacks === '@@CALLBACKS@@',
          ),
        ).toBe(true);
        expect(handed.tenant !== undefined).toBe(tenantChanged);
      }),
      { numRuns: 64 },
    );
  });
});
