import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { issueManagementToken } from '../../../emulator/tenant/management/token.ts';
import { callApi, managementCaller } from './call.ts';

const setUp = async () => {
  const tenant = createFakeTenant();
  const call = await managementCaller(tenant);
  const [ada, grace] = tenant.seedUsers([{ email: 'ada@example.com' }, { email: 'grace@example.com' }]);
  const database = tenant.state.connections[0];
  if (!ada || !grace || !database) throw new Error('fixture');
  return { tenant, call, ada, grace, database };
};

describe('organizations in the Management API', () => {
  it('Auth0 creates, reads by id and by name, updates and deletes an organization, merging metadata key by key', async () => {
    const { call } = await setUp();
    const created = await call('POST', '/organizations', {
      name: 'acme',
      display_name: 'Acme Ltd',
      metadata: { tier: 'gold', region: 'eu' },
      branding: { logo_url: 'https://acme.example/logo.png' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'acme',
      display_name: 'Acme Ltd',
      metadata: { tier: 'gold' },
    });
    expect(created.body.id).toMatch(/^org_[0-9a-f]{16}$/);
    const id = created.body.id as string;

    expect((await call('GET', '/organizations/name/acme')).body.id).toBe(id);
    expect((await call('POST', '/organizations', { name: 'acme' })).status).toBe(409);
    expect((await call('POST', '/organizations', { display_name: 'No name' })).status).toBe(400);

    // metadata merges key by key; null deletes one, as Auth0's PATCH does.
    const patched = await call('PATCH', `/organizations/${id}`, { metadata: { region: null, seats: '40' } });
    expect(patched.body.metadata).toEqual({ tier: 'gold', seats: '40' });
    expect((await call('PATCH', `/organizations/${id}`, { metadata: { seats: 40 } })).status).toBe(400);
    expect((await call('PATCH', `/organizations/${id}`, { id: 'org_mine' })).status).toBe(400);

    const listed = await call('GET', '/organizations?include_totals=true&take=50');
    expect(listed.body.organizations.map((org: { name: string }) => org.name)).toEqual(['acme']);
    expect((await call('DELETE', `/organizations/${id}`)).status).toBe(204);
    expect((await call('GET', `/organizations/${id}`)).status).toBe(404);
  });

  it('Auth0 enables connections for an organization on both of its paths, with its defaults', async () => {
    const { call, database } = await setUp();
    const { body: org } = await call('POST', '/organizations', { name: 'acme' });
    const added = await call('POST', `/organizations/${org.id}/enabled_connections`, {
      connection_id: database.id,
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      connection_id: database.id,
      assign_membership_on_login: false,
      show_as_button: true,
      connection: { name: 'Username-Password-Authentication', strategy: 'auth0' },
    });
    expect(
      (await call('POST', `/organizations/${org.id}/connections`, { connection_id: database.id })).status,
    ).toBe(409);
    const updated = await call('PATCH', `/organizations/${org.id}/connections/${database.id}`, {
      assign_membership_on_login: true,
      organization_access_level: 'full',
    });
    expect(updated.body).toMatchObject({ is_enabled: true, organization_access_level: 'full' });
    const classic = await call('GET', `/organizations/${org.id}/enabled_connections`);
    expect(classic.body).toEqual([expect.objectContaining({ assign_membership_on_login: true })]);
    expect(classic.body[0]).not.toHaveProperty('organization_access_level');
    const newer = await call(
      'GET',
      `/organizations/${org.id}/connections?page=1&per_page=50&include_totals=true`,
    );
    expect(newer.body.connections).toEqual([]);
    expect(
      (await call('POST', `/organizations/${org.id}/connections`, { connection_id: 'con_none' })).status,
    ).toBe(404);
    expect((await call('DELETE', `/organizations/${org.id}/connections/${database.id}`)).status).toBe(204);
    expect((await call('GET', `/organizations/${org.id}/enabled_connections`)).body).toEqual([]);
  });

  it('Auth0 keeps an organization’s members and their roles in it, and lists a user’s organizations', async () => {
    const { call, ada, grace } = await setUp();
    const { body: org } = await call('POST', '/organizations', { name: 'acme' });
    const { body: role } = await call('POST', '/roles', { name: 'billing-admin' });
    expect((await call('POST', `/organizations/${org.id}/members`, { members: [ada.user_id] })).status).toBe(
      204,
    );
    expect(
      (await call('POST', `/organizations/${org.id}/members`, { members: ['auth0|nobody'] })).status,
    ).toBe(404);
    const rolesPath = `/organizations/${org.id}/members/${encodeURIComponent(ada.user_id)}/roles`;
    expect((await call('POST', rolesPath, { roles: [role.id] })).status).toBe(204);
    expect((await call('GET', rolesPath)).body).toEqual([
      { id: role.id, name: 'billing-admin', description: '' },
    ]);
    const graceRoles = `/organizations/${org.id}/members/${encodeURIComponent(grace.user_id)}/roles`;
    expect((await call('POST', graceRoles, { roles: [role.id] })).status).toBe(404);

    const members = await call('GET', `/organizations/${org.id}/members?fields=user_id,email,roles&take=50`);
    expect(members.body).toEqual({
      members: [
        {
          user_id: ada.user_id,
          email: 'ada@example.com',
          name: 'ada@example.com',
          picture: expect.any(String),
          roles: [{ id: role.id, name: 'billing-admin' }],
        },
      ],
    });
    const ofAda = await call('GET', `/users/${encodeURIComponent(ada.user_id)}/organizations`);
    expect(ofAda.body.map((item: { name: string }) => item.name)).toEqual(['acme']);
    expect((await call('GET', `/users/${encodeURIComponent(grace.user_id)}/organizations`)).body).toEqual([]);
    await call('DELETE', `/organizations/${org.id}/members`, { members: [ada.user_id] });
    expect((await call('GET', `/organizations/${org.id}/members`)).body).toEqual([]);
  });

  it('Auth0 associates client grants with an organization and asks each route for its own scope', async () => {
    const { tenant, call } = await setUp();
    const { body: org } = await call('POST', '/organizations', { name: 'acme' });
    const grant = tenant.state.clientGrants[0];
    if (!grant) throw new Error('fixture');
    expect(
      (await call('POST', `/organizations/${org.id}/client-grants`, { grant_id: grant.id })).status,
    ).toBe(201);
    const grants = await call(
      'GET',
      `/organizations/${org.id}/client-grants?page=0&per_page=50&include_totals=true`,
    );
    expect(grants.body).toMatchObject({
      total: 1,
      client_grants: [{ id: grant.id, client_id: grant.client_id }],
    });

    const readOnly = await issueManagementToken(tenant.context, tenant.deployClient.client_id, [
      'read:organizations',
    ]);
    expect((await callApi(tenant, readOnly, 'GET', `/organizations/${org.id}`)).status).toBe(200);
    const refused = await callApi(tenant, readOnly, 'POST', `/organizations/${org.id}/members`, {
      members: [],
    });
    expect(refused.status).toBe(403);
    expect((await callApi(tenant, readOnly, 'GET', `/organizations/${org.id}/members`)).status).toBe(403);
  });

  it('Auth0 keeps an organization’s discovery domains with their DNS challenge, and the applications associated with it', async () => {
    const { tenant, call } = await setUp();
    const { body: org } = await call('POST', '/organizations', { name: 'acme' });
    const domains = `/organizations/${org.id}/discovery-domains`;
    const created = await call('POST', domains, {
      domain: 'Acme.example',
      use_for_organization_discovery: true,
    });
    expect(created.body).toMatchObject({
      domain: 'acme.example',
      status: 'pending',
      verification_host: '_auth0-challenge.acme.example',
    });
    expect((await call('POST', domains, { domain: 'acme.example' })).status).toBe(409);
    expect((await call('PATCH', `${domains}/${created.body.id}`, { domain: 'other.example' })).status).toBe(
      400,
    );
    await call('PATCH', `${domains}/${created.body.id}`, { status: 'verified' });
    expect((await call('GET', `${domains}?take=50`)).body).toEqual({
      domains: [{ ...created.body, status: 'verified' }],
    });

    const app = tenant.state.clients[0];
    if (!app) throw new Error('fixture');
    const apps = `/organizations/${org.id}/clients`;
    expect(
      (await call('POST', apps, { clients: [{ client_id: 'nope', use_for_member_access: true }] })).status,
    ).toBe(404);
    await call('POST', apps, { clients: [{ client_id: app.client_id, use_for_member_access: true }] });
    expect((await call('GET', `${apps}?take=50`)).body.clients).toEqual([
      expect.objectContaining({
        client_id: app.client_id,
        use_for_member_access: true,
        client: expect.any(Object),
      }),
    ]);
    await call('DELETE', apps, { clients: [app.client_id] });
    expect((await call('GET', `${apps}?take=50`)).body.clients).toEqual([]);
  });
});
