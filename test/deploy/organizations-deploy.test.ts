import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';
import { deployTenant, planTenant } from '../../deploy/deploy-tenant.ts';
import { createFakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import { fakeTenantHandlers } from '../../emulator/tenant/transport.ts';

// The real auth0-deploy-cli landing organizations, in one import (each costs seconds) on a tenant
// that already holds one of them with an older display name, and another team's organization.

const FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'organizations');
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const tenant = createFakeTenant({ domain: 'organizations.auth0.test' });
server.use(...fakeTenantHandlers(tenant));
const connection = {
  domain: tenant.domain,
  clientId: tenant.deployClient.client_id,
  clientSecret: tenant.deployClient.client_secret,
};
const options = { env: 'fixture', connection, tenantDir: FIXTURE, build: false, quietImport: true } as const;

describe('organizations through auth0-deploy-cli', () => {
  it('lands what changed in one import, writing nothing else of the organizations, and converges', async () => {
    const database = tenant.state.connections[0];
    if (!database) throw new Error('the fake tenant has its database');
    tenant.state.organizations.push(
      {
        id: 'org_acme000000000001',
        name: 'acme',
        display_name: 'ACME (old name)',
        metadata: { tenant_id: 'acme', plan: 'enterprise' },
        branding: {
          logo_url: 'https://acme.fixture.example/logo.png',
          colors: { primary: '#0059d6', page_background: '#ffffff' },
        },
        extra: {},
        connections: [
          { connection_id: database.id, assign_membership_on_login: false, show_as_button: true },
        ],
        members: [],
        clientGrants: [],
      },
      {
        id: 'org_initech00000001',
        name: 'initech',
        display_name: 'Another team’s',
        metadata: {},
        extra: {},
        connections: [],
        members: [],
        clientGrants: [],
      },
    );
    const before = tenant.requests.length;
    const result = await deployTenant(options);
    expect(result.imports).toBe(1);
    expect(
      result.applied
        .filter((change) => change.type === 'organizations')
        .map((change) => `${change.kind} ${change.name}`),
    ).toEqual(['update acme', 'create globex']);

    const globex = tenant.state.organizations.find((organization) => organization.name === 'globex');
    const writes = tenant.requests
      .slice(before)
      .filter((entry) => entry.method !== 'GET' && entry.path.startsWith('/api/v2/organizations'))
      .map((entry) => `${entry.method} ${entry.path}`)
      .sort();
    expect(writes).toEqual(
      [
        'PATCH /api/v2/organizations/org_acme000000000001',
        'POST /api/v2/organizations',
        `POST /api/v2/organizations/${globex?.id}/connections`,
      ].sort(),
    );
    expect(globex).toMatchObject({
      display_name: 'Globex Corporation',
      metadata: { tenant_id: 'globex' },
      connections: [{ connection_id: database.id, assign_membership_on_login: true, show_as_button: true }],
    });
    expect(
      tenant.state.organizations.find((organization) => organization.name === 'initech')?.display_name,
    ).toBe('Another team’s');
    expect((await planTenant(options)).plan.changes).toEqual([]);
  });
});
