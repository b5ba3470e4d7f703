import { setTimeout as sleep } from 'node:timers/promises';
import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { DeployError } from '../../deploy/errors.ts';
import { createManagementApi } from '../../deploy/management-api.ts';
import { readTenant } from '../../deploy/read-tenant.ts';
import { inProcessTenant } from './in-process-tenant.ts';

const { tenant, connection, transport } = inProcessTenant();

describe('Management API reader', () => {
  it('reads every page of a list and asks for one token however many reads start at once', async () => {
    for (let index = 0; index < 130; index += 1) {
      tenant.state.clients.push({ client_id: `client-${index}`, client_secret: 's', name: `app ${index}` });
    }
    const start = tenant.requests.length;
    const api = createManagementApi(connection);
    const [clients, grants] = await Promise.all([
      api.list('/clients', 'clients'),
      api.list('/client-grants', 'client_grants'),
    ]);
    expect(clients.map((client) => client.name)).toContain('app 129');
    expect(clients.filter((client) => client.global !== true)).toHaveLength(tenant.state.clients.length);
    expect(grants.length).toBeGreaterThan(0);
    const calls = tenant.requests.slice(start).map((entry) => `${entry.method} ${entry.path}`);
    expect(calls.filter((call) => call === 'POST /oauth/token')).toHaveLength(1);
    expect(calls.filter((call) => call === 'GET /api/v2/clients')).toHaveLength(2);
  });

  it('waits out a 429 until its reset and rides over transient 5xx', async () => {
    tenant.faults.add({
      kind: 'rate-limit',
      match: { path: '/api/v2/tenants/settings' },
      times: 2,
      resetSeconds: 1,
    });
    tenant.faults.add({ kind: 'server-error', match: { path: '/api/v2/resource-servers' }, times: 2 });
    const api = createManagementApi(connection);
    const [settings, servers] = await Promise.all([
      api.get('/tenants/settings'),
      api.list('/resource-servers', 'resource_servers'),
    ]);
    expect(settings).toHaveProperty('friendly_name');
    expect(servers.map((server) => server.name)).toContain('Auth0 Management API');
    tenant.faults.clear();
  });

  it('says which credentials to check when the tenant refuses them', async () => {
    const api = createManagementApi({ ...connection, clientSecret: 'wrong' });
    await expect(api.get('/tenants/settings')).rejects.toThrow(
      /E_MANAGEMENT_API: .* refused the deploy client's credentials \(401.*check AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET/,
    );
  });

  it('gives up on a tenant that accepts a request and never answers, naming the URL', async () => {
    let answered = 0;
    transport().server.use(
      http.get(`https://${tenant.domain}/api/v2/tenants/settings`, () => {
        answered += 1;
        return new Promise<never>(() => {});
      }),
    );
    const api = createManagementApi(connection, { requestTimeoutMs: 50 });
    const started = Date.now();
    await expect(api.get('/tenants/settings')).rejects.toThrow(
      /E_TENANT_UNREACHABLE: .*\/api\/v2\/tenants\/settings: no answer within 50 ms/,
    );
    expect(answered).toBeGreaterThan(1); // each silent attempt is cut off and retried
    expect(Date.now() - started).toBeLessThan(10_000);
    transport().server.resetHandlers();
  }, 20_000);
});

describe("a plan's reads", () => {
  it('stop, retries and all, when one of them fails for good', async () => {
    const grant = tenant.state.clientGrants.find((candidate) => candidate.client_id === connection.clientId);
    if (!grant) throw new Error('the fake tenant seeds a grant for its deploy client');
    const before = [...grant.scope];
    grant.scope = grant.scope.filter((scope) => scope !== 'read:tenant_settings');
    // A sibling read the tenant keeps answering 503: retried with backoff (100, 200, 400 ms ...).
    tenant.faults.add({ kind: 'server-error', match: { path: '/api/v2/resource-servers' }, times: 100 });
    try {
      const error = await readTenant(createManagementApi(connection), {
        tenant: { friendly_name: 'Example' },
        resourceServers: [{ identifier: 'https://api.example/' }],
      }).catch((caught: unknown) => caught);
      expect((error as DeployError).code).toBe('E_MISSING_SCOPE');
      const retried = () =>
        tenant.requests.filter((entry) => entry.path === '/api/v2/resource-servers').length;
      const atFailure = retried();
      await sleep(800);
      expect(retried()).toBe(atFailure);
    } finally {
      grant.scope = before;
      tenant.faults.clear();
    }
  });
});

describe('Management API refusals', () => {
  it("names the scope Auth0 reports missing and the client that needs it, with Auth0's body whole", async () => {
    const grant = tenant.state.clientGrants.find((candidate) => candidate.client_id === connection.clientId);
    if (!grant) throw new Error('the fake tenant seeds a grant for its deploy client');
    const before = [...grant.scope];
    grant.scope = grant.scope.filter((scope) => scope !== 'read:actions');
    try {
      const api = createManagementApi(connection);
      const error = await api.list('/actions/actions', 'actions').catch((caught: unknown) => caught);
      expect((error as DeployError).code).toBe('E_MISSING_SCOPE');
      expect((error as Error).message).toContain(
        `GET /actions/actions on ${tenant.domain} needs scope read:actions, which client ${connection.clientId} is not granted`,
      );
      // The whole body, not its first line: the errorCode comes last in Auth0's answer.
      expect((error as Error).message).toContain('"errorCode":"insufficient_scope"');
    } finally {
      grant.scope = before;
    }
  });

  it('shows a long error body on one line, whole up to a few hundred characters', async () => {
    const body = JSON.stringify({ statusCode: 404, error: 'Not Found', message: 'x'.repeat(250) }, null, 2);
    transport().server.use(
      http.get(
        `https://${tenant.domain}/api/v2/tenants/settings`,
        () => new Response(body, { status: 404 }),
        {
          once: true,
        },
      ),
    );
    const error = (await createManagementApi(connection)
      .get('/tenants/settings')
      .catch((caught: unknown) => caught)) as DeployError;
    expect(error.code).toBe('E_MANAGEMENT_API');
    expect(error.message).toContain(`"message": "${'x'.repeat(250)}" }`);
    expect(error.message.split('\n')).toHaveLength(1);
  });
});
