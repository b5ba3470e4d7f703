import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManagementClient, ManagementError } from '../../api/management-client.ts';
import { createFakeTenant, type FakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import { createSigningKeys } from '../../emulator/tenant/login/grants/signing-keys.ts';
import { MANAGEMENT_TOKEN_LIFETIME_SECONDS } from '../../emulator/tenant/management/token.ts';
import { serveFakeTenant } from '../../emulator/tenant/transport.ts';

// The client against the fake tenant, reached through the injectable fetch (the tenant's own handler,
// no network), or over loopback http the way `npm run api` reaches the local tenant.

const tenantWithUser = () => {
  const tenant = createFakeTenant();
  const [user] = tenant.seedUsers([
    { email: 'ada@example.test', user_metadata: { display_name: 'Ada' }, app_metadata: { plan: 'pro' } },
  ]);
  if (!user) throw new Error('the fake tenant seeded no user');
  return { tenant, userId: user.user_id };
};

const clientOf = (tenant: FakeTenant, overrides: { clientSecret?: string; timeoutS?: number } = {}) =>
  createManagementClient({
    tenantBaseUrl: `https://${tenant.domain}`,
    audience: tenant.context.managementAudience,
    clientId: tenant.deployClient.client_id,
    clientSecret: overrides.clientSecret ?? tenant.deployClient.client_secret,
    fetch: (input, init) => tenant.handle(new Request(input, init)),
    ...(overrides.timeoutS === undefined ? {} : { timeoutS: overrides.timeoutS }),
  });

const tokenRequests = (tenant: FakeTenant) =>
  tenant.requests.filter((request) => request.path === '/oauth/token').length;

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('Management API client on the auth0 SDK', () => {
  it('fetches one client-credentials token for many requests, sequential or at once', async () => {
    const { tenant, userId } = tenantWithUser();
    const management = clientOf(tenant);
    await Promise.all(Array.from({ length: 20 }, () => management.readUserMetadata(userId)));
    for (let n = 0; n < 10; n += 1) await management.writeUserMetadata(userId, { display_name: `Ada ${n}` });
    expect(tokenRequests(tenant)).toBe(1);
    expect(tenant.requests.filter((request) => request.path.startsWith('/api/v2/users/'))).toHaveLength(30);
    expect(await management.readUserMetadata(userId)).toEqual({ display_name: 'Ada 9' });
  });

  it('renews the token shortly before it expires', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { tenant, userId } = tenantWithUser();
    const management = clientOf(tenant);
    await management.readUserMetadata(userId);
    vi.setSystemTime(Date.now() + (MANAGEMENT_TOKEN_LIFETIME_SECONDS - 60) * 1000);
    await management.readUserMetadata(userId);
    expect(tokenRequests(tenant)).toBe(1);
    vi.setSystemTime(Date.now() + 55_000);
    expect(await management.readUserMetadata(userId)).toEqual({ display_name: 'Ada' });
    expect(tokenRequests(tenant)).toBe(2);
  });

  it('fetches a new token once when the tenant refuses the cached one', async () => {
    const { tenant, userId } = tenantWithUser();
    const management = clientOf(tenant);
    await management.readUserMetadata(userId);
    // The tenant rotates the key it signs Management API tokens with: our cached token is now invalid.
    const rotated = createSigningKeys();
    tenant.context.signingKeys = () => rotated;
    const reads = await Promise.all([
      management.readUserMetadata(userId),
      management.readUserMetadata(userId),
    ]);
    expect(reads).toEqual([{ display_name: 'Ada' }, { display_name: 'Ada' }]);
    expect(tokenRequests(tenant)).toBe(2);
  });

  it('reads only user_metadata, and a write answers the metadata as saved', async () => {
    const { tenant, userId } = tenantWithUser();
    const management = clientOf(tenant);
    await management.readUserMetadata(userId);
    const read = tenant.requests.find((request) => request.method === 'GET');
    expect(new URLSearchParams(read?.query)).toEqual(
      new URLSearchParams({ fields: 'user_metadata', include_fields: 'true' }),
    );
    expect(await management.writeUserMetadata(userId, { theme: 'dark', display_name: null })).toEqual({
      theme: 'dark',
    });
  });

  it('surfaces a 429 at once with the reset time Auth0 gave, without retrying', async () => {
    const { tenant, userId } = tenantWithUser();
    tenant.faults.add({ kind: 'rate-limit', match: { path: '/api/v2/users' }, resetSeconds: 7 });
    const started = Date.now();
    const failure = await failureOf(clientOf(tenant).readUserMetadata(userId));
    // With the SDK's default retries it would sleep until the reset, 7 s, before answering.
    expect(Date.now() - started).toBeLessThan(3000);
    expect(failure).toBeInstanceOf(ManagementError);
    expect(failure).toMatchObject({ code: 'rate_limited' });
    expect((failure as ManagementError).retryAfterS).toBeGreaterThanOrEqual(7);
    expect((failure as ManagementError).retryAfterS).toBeLessThanOrEqual(8);
    expect(tenant.requests.filter((request) => request.status === 429)).toHaveLength(1);
  });

  it('does not retry a 5xx either: one request, an upstream error naming the call', async () => {
    const { tenant, userId } = tenantWithUser();
    tenant.faults.add({ kind: 'server-error', status: 503, match: { path: '/api/v2/users' } });
    const failure = await failureOf(clientOf(tenant).writeUserMetadata(userId, { theme: 'dark' }));
    expect(failure).toMatchObject({ code: 'upstream_error', message: 'user PATCH: HTTP 503' });
    expect(tenant.requests.filter((request) => request.method === 'PATCH')).toHaveLength(1);
  });

  it('tells a missing user apart from other failures', async () => {
    const { tenant } = tenantWithUser();
    const failure = await failureOf(clientOf(tenant).readUserMetadata('auth0|nobody'));
    expect(failure).toMatchObject({ code: 'user_not_found' });
  });

  it('reports bad client credentials as an upstream error naming the token request', async () => {
    const { tenant, userId } = tenantWithUser();
    const failure = await failureOf(clientOf(tenant, { clientSecret: 'wrong' }).readUserMetadata(userId));
    expect(failure).toBeInstanceOf(ManagementError);
    expect(failure).toMatchObject({ code: 'upstream_error', message: 'client-credentials token: HTTP 401' });
    expect(tokenRequests(tenant)).toBe(1);
  });

  it('gives up on a tenant that does not answer within the timeout', async () => {
    const { tenant, userId } = tenantWithUser();
    // Answers the token endpoint from the fake tenant, then holds every user request open.
    const silent = createServer(async (request, response) => {
      if (request.url !== '/oauth/token') return;
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const answer = await tenant.handle(
        new Request(`https://${tenant.domain}/oauth/token`, {
          method: 'POST',
          headers: { 'content-type': request.headers['content-type'] ?? '' },
          body: Buffer.concat(chunks),
        }),
      );
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(await answer.text());
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const management = createManagementClient({
        tenantBaseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
        audience: tenant.context.managementAudience,
        clientId: tenant.deployClient.client_id,
        clientSecret: tenant.deployClient.client_secret,
        timeoutS: 0.2,
      });
      const failure = await failureOf(management.readUserMetadata(userId));
      expect(failure).toMatchObject({ code: 'upstream_error' });
      expect((failure as Error).message).toMatch(/^user GET: no answer \(.*timeout.*\)$/);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('reaches the local tenant over plain http on loopback while naming it by its domain', async () => {
    const { tenant, userId } = tenantWithUser();
    const served = await serveFakeTenant(tenant);
    try {
      const management = createManagementClient({
        tenantBaseUrl: served.url,
        audience: tenant.context.managementAudience,
        clientId: tenant.deployClient.client_id,
        clientSecret: tenant.deployClient.client_secret,
      });
      expect(await management.writeUserMetadata(userId, { theme: 'light' })).toEqual({
        display_name: 'Ada',
        theme: 'light',
      });
      expect(tokenRequests(tenant)).toBe(1);
    } finally {
      await served.close();
    }
  });
});
