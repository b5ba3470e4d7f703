import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../core/paths.ts';
import { planTenant } from '../../deploy/deploy-tenant.ts';
import { selectForImport } from '../../deploy/import-selection.ts';
import type { OrganizationRecord } from '../../emulator/tenant/organization-state.ts';
import { inProcessTenant } from './in-process-tenant.ts';

// Organizations planned as tenant.yaml declares them in auth0-deploy-cli's YAML: the keys deploy-cli
// takes, an exact diff (connections by name, compared as a set), and the part of the YAML a deploy
// hands deploy-cli when one organization changes.

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'organizations');
const { tenant, connection } = inProcessTenant('organizations.auth0.test');
const plan = async () =>
  (await planTenant({ env: 'fixture', connection, tenantDir: FIXTURE, build: false })).plan;
const organizationChanges = async () =>
  (await plan()).changes.filter((change) => change.type === 'organizations');

/** The tenant as a deploy of the fixture leaves it (what the e2e test lands with deploy-cli). */
const landFixture = () => {
  const { state } = tenant;
  const database = state.connections[0];
  if (!database) throw new Error('the fake tenant has its database');
  const enabled = (assign: boolean) => [
    { connection_id: database.id, assign_membership_on_login: assign, show_as_button: true },
  ];
  const organization = (fields: Partial<OrganizationRecord>): OrganizationRecord => ({
    id: `org_${fields.name?.padEnd(16, '0')}`,
    name: '',
    metadata: {},
    extra: {},
    connections: [],
    members: [],
    clientGrants: [],
    ...fields,
  });
  state.organizations = [
    organization({
      name: 'acme',
      display_name: 'Acme Ltd',
      metadata: { tenant_id: 'acme', plan: 'enterprise' },
      branding: {
        logo_url: 'https://acme.fixture.example/logo.png',
        colors: { primary: '#0059d6', page_background: '#ffffff' },
      },
      connections: enabled(false),
    }),
    organization({
      name: 'globex',
      display_name: 'Globex Corporation',
      metadata: { tenant_id: 'globex' },
      connections: enabled(true),
    }),
    organization({ name: 'initech', display_name: 'Someone else’s' }),
  ];
};

describe('organizations in tenant.yaml', () => {
  it('plans each organization exactly, and nothing once the tenant holds them', async () => {
    tenant.state.organizations = [];
    const creates = await organizationChanges();
    expect(creates.map((change) => [change.kind, change.name])).toEqual([
      ['create', 'acme'],
      ['create', 'globex'],
    ]);
    expect(creates[0]?.fields.map((field) => field.field)).toEqual([
      'name',
      'display_name',
      'metadata',
      'branding',
      'connections',
    ]);

    landFixture();
    expect(await organizationChanges()).toEqual([]);
    expect((await plan()).unmanaged?.organizations).toBe(1);

    const [acme, globex] = tenant.state.organizations;
    if (!acme || !globex) throw new Error('landed');
    acme.display_name = 'ACME';
    const enabled = globex.connections[0];
    if (!enabled) throw new Error('landed');
    enabled.assign_membership_on_login = false;
    expect(await organizationChanges()).toEqual([
      {
        type: 'organizations',
        name: 'acme',
        kind: 'update',
        fields: [{ field: 'display_name', before: 'ACME', after: 'Acme Ltd' }],
      },
      {
        type: 'organizations',
        name: 'globex',
        kind: 'update',
        fields: [
          {
            field: 'connections',
            before: [
              {
                name: 'Username-Password-Authentication',
                assign_membership_on_login: false,
                show_as_button: true,
                is_enabled: true,
              },
            ],
            after: [
              {
                name: 'Username-Password-Authentication',
                assign_membership_on_login: true,
                show_as_button: true,
              },
            ],
          },
        ],
      },
    ]);
  });

  it('hands deploy-cli only the organization that changed, placeholders and all', async () => {
    landFixture();
    const [acme] = tenant.state.organizations;
    if (!acme) throw new Error('landed');
    acme.display_name = 'ACME';
    const planned = await plan();
    const yaml = await import('node:fs/promises').then((fs) =>
      fs.readFile(path.join(FIXTURE, 'tenant.yaml'), 'utf8'),
    );
    const selection = selectForImport(
      yaml,
      { ACME_DISPLAY_NAME: 'Acme Ltd' },
      {
        changes: planned.changes.filter((change) => change.type === 'organizations'),
      },
    );
    expect(selection?.types).toEqual(['organizations']);
    const selected = parse(selection?.yaml ?? '') as {
      organizations: Array<{ name: string; display_name: string }>;
    };
    expect(selected.organizations.map((organization) => organization.name)).toEqual(['acme']);
    expect(selected.organizations[0]?.display_name).toBe('##ACME_DISPLAY_NAME##');
  });
});
