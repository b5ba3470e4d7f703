import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPreferencesApi } from '../../api/preferences-api.ts';
import { connectRedis } from '../../api/redis-connection.ts';
import { SharedRateLimit } from '../../api/redis-rate-limit.ts';
import { RedisUserUpdates } from '../../api/redis-user-lock.ts';
import { INSTALL_HINT, REDIS_SERVER, startRedis, type TestRedis } from '../../bench/redis-server.ts';
import { fixtureContract } from '../fixtures/claims-app/contract.ts';
import { ALICE, TEST_CONFIG, useApiUnderTest } from './support/api-under-test.ts';
import { BOTH_SCOPES } from './support/token-minter.ts';

// Two API instances in this process sharing one real redis-server and one fake tenant: what the lock
// does when its lease expires under a write, and what PATCH and GET do when Redis is gone.

const { server, build } = useApiUnderTest();
let redis: TestRedis;
const clients: Redis[] = [];
const closers: RedisUserUpdates[] = [];

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  if (REDIS_SERVER !== undefined) redis = await startRedis();
});
afterAll(async () => {
  server.close();
  for (const updates of closers) await updates.close();
  for (const client of clients) client.disconnect();
  await redis?.stop();
});

/** One instance's Redis wiring: its own connections, a key prefix shared with its peers. */
const instance = (prefix: string, ttlMs = 5_000) => {
  const client = connectRedis(redis.url);
  clients.push(client);
  const updates = new RedisUserUpdates(client, { prefix, ttlMs });
  closers.push(updates);
  return {
    client,
    updates,
    limiter: (limit: number) => new SharedRateLimit(client, { limit, windowMs: 60_000 }, prefix),
  };
};

const untilReady = async (client: Redis) => {
  while (client.status !== 'ready') await new Promise((resolve) => setTimeout(resolve, 5));
};

describe.skipIf(REDIS_SERVER === undefined)(`the Redis lock (needs redis-server: ${INSTALL_HINT})`, () => {
  it('redoes a write that landed after its lock expired, keeping the change another instance saved meanwhile', async () => {
    const prefix = `t${randomUUID()}:`;
    const first = instance(prefix);
    const second = instance(prefix);
    const api = await build({ updates: first.updates, rateLimit: { limit: 100, windowMs: 60_000 } });
    const other = createPreferencesApi(TEST_CONFIG, {
      contract: fixtureContract,
      keys: api.minter.keys,
      log: () => {},
      updates: second.updates,
    });
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    await untilReady(first.client);

    // The first instance's write reaches the tenant only after its lock expired (a long GC pause, a
    // partition) and after the other instance changed the theme: it replaces the whole group.
    const handle = api.tenant.handle.bind(api.tenant);
    let stalled = false;
    let otherStatus = 0;
    Object.assign(api.tenant, {
      handle: async (request: Request) => {
        if (request.method === 'PATCH' && !stalled) {
          stalled = true;
          for (const key of await first.client.keys(`${prefix}*:lock`)) await first.client.del(key);
          const response = await other.request('/me/preferences', {
            method: 'PATCH',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ preferences: { theme: 'light' } }),
          });
          otherStatus = response.status;
        }
        return handle(request);
      },
    });

    const response = await api.call('PATCH', token, { preferences: { language: 'fr-CA' } });

    expect(response.status).toBe(200);
    expect(otherStatus).toBe(200);
    expect(api.user(ALICE)?.user_metadata.preferences).toEqual({
      language: 'fr-CA',
      theme: 'light',
      beta_opt_in: true,
    });
    const writes = api.tenant.requests.filter((entry) => entry.method === 'PATCH');
    expect(writes).toHaveLength(3); // the late write, the other instance's, the repair
  });

  it('shares one rate limit between instances', async () => {
    const prefix = `t${randomUUID()}:`;
    const first = instance(prefix);
    const second = instance(prefix);
    const api = await build({ updates: first.updates, limiter: first.limiter(3) });
    const other = createPreferencesApi(TEST_CONFIG, {
      contract: fixtureContract,
      keys: api.minter.keys,
      log: () => {},
      limiter: second.limiter(3),
    });
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    await untilReady(first.client);
    await untilReady(second.client);
    const statuses: number[] = [];
    for (let n = 0; n < 8; n += 1) {
      const app = n % 2 === 0 ? api.app : other;
      const answer = await app.request('/me/preferences', { headers: { authorization: `Bearer ${token}` } });
      statuses.push(answer.status);
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(5);
  });

  it('answers PATCH 503 with Retry-After and writes nothing when Redis is gone, while GET still works', async () => {
    const prefix = `t${randomUUID()}:`;
    const only = instance(prefix);
    const api = await build({
      updates: only.updates,
      limiter: only.limiter(100),
      readiness: { checks: { redis: () => only.client.ping() } },
    });
    const token = await api.minter.accessToken({ sub: ALICE, scope: BOTH_SCOPES });
    await untilReady(only.client);
    expect((await api.call('PATCH', token, { display_name: 'Before' })).status).toBe(200);

    await redis.stop();
    while (only.client.status === 'ready') await new Promise((resolve) => setTimeout(resolve, 5));
    const before = api.user(ALICE);
    const refused = await api.call('PATCH', token, { display_name: 'After' });

    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: 'lock_unavailable' });
    expect(api.user(ALICE)).toEqual(before);
    const read = await api.call('GET', token);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ display_name: 'Before' });
    const ready = await api.app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'not_ready', checks: { redis: 'unreachable' } });
  });
});
