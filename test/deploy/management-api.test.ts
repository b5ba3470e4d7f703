import { http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeployError } from '../../deploy/errors.ts';
import { createManagementApi } from '../../deploy/management-api.ts';
import { readTenant } from '../../deploy/read-tenant.ts';
import { settle, useFakeClock } from '../support/fake-clock.ts';
import { inProcessTenant } from './in-process-tenant.ts';

// The tenant reads the clock each time, so a test's fake clock is its clock too (the 429's reset).
const { tenant, connection, transport } = inProcessTenant('management-api.auth0.test', {
  clock: () => Date.now(),
});

afterEach(() => {
  vi.useRealTimers();
});

/** When (on the test's clock) each request to `path` started, and the reset each 429 named. */
const timesOf = (path: string) => {
  const starts: number[] = [];
  const resets: number[] = [];
  transport().server.events.on('request:start', ({ request }) => {
    if (new URL(request.url).pathname === path) starts.push(Date.now());
  });
  transport().server.events.on('response:mocked', ({ request, response }) => {
    if (new URL(request.url).pathname === path && response.status === 429) {
      resets.push(Number(response.headers.get('x-ratelimit-reset')) * 1000);
    }
  });
  return { starts, resets };
};

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
    useFakeClock();
    tenant.faults.add({
      kind: 'rate-limit',
      match: { path: '/api/v2/tenants/settings' },
      times: 2,
      resetSeconds: 1,
    });
    tenant.faults.add({ kind: 'server-error', match: { path: '/api/v2/resource-servers' }, times: 2 });
    const settingsTimes = timesOf('/api/v2/tenants/settings');
    const serverTimes = timesOf('/api/v2/resource-servers');
    const api = createManagementApi(connection);
    try {
      // One read at a time: the clock jumps to a timer only while nothing else is under way.
      const settings = await settle(api.get('/tenants/settings'));
      const servers = await settle(api.list('/resource-servers', 'resource_servers'));
      expect(settings).toHaveProperty('friendly_name');
      expect(servers.map((server) => server.name)).toContain('Auth0 Management API');
      // Each retry of the rate-limited read waited for the reset its 429 named, and no longer than
      // the client's margin past it.
      const { starts, resets } = settingsTimes;
      expect(starts).toHaveLength(3);
      expect(resets).toHaveLength(2);
      resets.forEach((reset, index) => {
        expect(starts[index + 1]).toBeGreaterThanOrEqual(reset);
        expect(starts[index + 1]).toBeLessThanOrEqual(reset + 50);
      });
      // The 5xx were retried after 100 ms, then 200 ms.
      const gaps = serverTimes.starts
        .slice(1)
        .map((start, index) => start - (serverTimes.starts[index] ?? 0));
      expect(gaps).toEqual([100, 200]);
    } finally {
      transport().server.events.removeAllListeners();
      tenant.faults.clear();
    }
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
    // Its token first, on the real clock: on a busy machine the token call itself outran the real 50 ms
    // cut-off and its retry's 100 ms backoff counted in the total below (3,200 ms).
    await api.list('/clients', 'clients');
    // The 50 ms cut-offs are real; the backoff between attempts runs on the fake clock.
    useFakeClock();
    const started = Date.now();
    try {
      await expect(settle(api.get('/tenants/settings'))).rejects.toThrow(
        /E_TENANT_UNREACHABLE: .*\/api\/v2\/tenants\/settings: no answer within 50 ms/,
      );
      expect(answered).toBe(6); // each silent attempt is cut off and retried, six attempts in all
      // Backoff of 100, 200, 400, 800 and 1,600 ms between them: bounded, whatever the tenant does.
      expect(Date.now() - started).toBe(3_100);
    } finally {
      transport().server.resetHandlers();
    }
  });
});

/** Takes `scope` from the deploy client's grant on the file's tenant; returns what gives it back. */
const revokeScope = (scope: string): (() => void) => {
  const grant = tenant.state.clientGrants.find((candidate) => candidate.client_id === connection.clientId);
  if (!grant) throw new Error('the fake tenant seeds a grant for its deploy client');
  const before = [...grant.scope];
  grant.scope = grant.scope.filter((granted) => granted !== scope);
  return () => {
    grant.scope = before;
  };
};

describe("a plan's reads", () => {
  it('stop, retries and all, when one of them fails for good', async () => {
    const restoreScope = revokeScope('read:tenant_settings');
    // A sibling read the tenant keeps answering 503: retried with backoff (100, 200, 400 ms ...).
    tenant.faults.add({ kind: 'server-error', match: { path: '/api/v2/resource-servers' }, times: 100 });
    // The clock stands still until the failure, so the sibling cannot have retried before it.
    useFakeClock();
    try {
      const error = await readTenant(createManagementApi(connection), {
        tenant: { friendly_name: 'Example' },
        resourceServers: [{ identifier: 'https://api.example/' }],
      }).catch((caught: unknown) => caught);
      expect((error as DeployError).code).toBe('E_MISSING_SCOPE');
      const retried = () =>
        tenant.requests.filter((entry) => entry.path === '/api/v2/resource-servers').length;
      // Another minute on the clock: a sibling still retrying would have sent its next attempts.
      const atFailure = retried();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(retried()).toBe(atFailure);
    } finally {
      restoreScope();
      tenant.faults.clear();
    }
  });
});

describe('Management API refusals', () => {
  it("names the scope Auth0 reports missing and the client that needs it, with Auth0's body whole", async () => {
    const restoreScope = revokeScope('read:actions');
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
      restoreScope();
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
