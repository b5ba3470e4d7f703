import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_HINT, REDIS_SERVER, startRedis, type TestRedis } from '../../bench/redis-server.ts';
import type { LocalTenant } from '../../emulator/tenant/local-tenant.ts';
import { loginHeadless } from '../../emulator/tenant/login/headless-login.ts';
import { type ServedTenant, serveFakeTenant } from '../../emulator/tenant/transport.ts';
import { API_AUDIENCE, CALLBACK, createTestTenant } from '../emulator/login/local-tenant-fixture.ts';
import { type ApiProcess, bundleApi, startApiProcess } from './support/api-process.ts';
import { type Acknowledged, lostUpdates } from './support/lost-updates.ts';
import { type TenantWrites, watchWrites } from './support/tenant-writes.ts';

// Three `npm run api` processes on loopback share one local tenant and one real redis-server, as
// instances behind a load balancer do. Every PATCH changes one field to a value no other PATCH
// uses, so the tenant's sequence of saved states shows any lost update: a state that differs from
// the one before in more than the one field its write set.

const PATCHES = 300;
// Around the kill: enough to contend for the lock, few enough that none waits out the 10 s a request
// waits for a lock on a loaded machine (300 did: the killed instance's queued requests all gave up
// and went elsewhere before it read again, so the kill never came and the test hung).
const PATCHES_AROUND_KILL = 60;
const LOCK_TTL_MS = 1_000;
// Above the kill test's count: a request the killed instance had counted is counted again where it is retried.
const RATE_LIMIT = 500;
const USERS = { many: 'auth0|many', killed: 'auth0|killed', limited: 'auth0|limited', slow: 'auth0|slow' };
const ZONES = Intl.supportedValuesOf('timeZone');

let redis: TestRedis;
let tenant: LocalTenant;
let served: ServedTenant;
let writes: TenantWrites;
let apis: ApiProcess[] = [];
const tokens: Record<string, string> = {};

/** PATCH number `n`: one field, a value of its own. */
const patchBody = (n: number): Record<string, unknown> =>
  n % 3 === 0
    ? { preferences: { language: `en-x-w${n}` } }
    : n % 3 === 1
      ? { preferences: { timezone: ZONES[n % ZONES.length] } }
      : { display_name: `Writer ${n}` };

/** The value PATCH `n` sends, as the lost-update check names it. */
const sentValue = (n: number): string =>
  JSON.stringify(n % 3 === 0 ? `en-x-w${n}` : n % 3 === 1 ? ZONES[n % ZONES.length] : `Writer ${n}`);

/** A request an instance never answers fails after this, as a client's timeout would, and is retried. */
const CLIENT_TIMEOUT_MS = 20_000;

const patch = (api: ApiProcess, user: string, body: unknown, contentType = 'application/json') =>
  fetch(`${api.url}/me/preferences`, {
    signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS),
    method: 'PATCH',
    headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': contentType },
    body: JSON.stringify(body),
  });

/**
 * PATCH `n` as a client behind a load balancer sends it: a failed connection goes to `fallback`, and
 * a 503 (the lock could not be had or kept in time: nothing unsafe written) is sent again once after
 * its Retry-After. `retried` collects the values sent twice, which may be saved twice.
 */
const sendLikeAClient = async (
  first: ApiProcess,
  fallback: ApiProcess,
  user: string,
  n: number,
  retried: Set<string>,
): Promise<Acknowledged & { status: number }> => {
  let response = await patch(first, user, patchBody(n)).catch(() => {
    retried.add(sentValue(n));
    return patch(fallback, user, patchBody(n));
  });
  if (response.status === 503) {
    retried.add(sentValue(n));
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after')) * 1000));
    response = await patch(fallback, user, patchBody(n));
  }
  return acknowledge(Promise.resolve(response), n);
};

/** Waits for PATCH `n`'s answer and keeps what it says was saved. */
const acknowledge = async (
  response: Promise<Response>,
  n: number,
): Promise<Acknowledged & { status: number }> => {
  const answer = await response;
  return {
    status: answer.status,
    body: patchBody(n),
    saved: (await answer.json()) as Record<string, unknown>,
  };
};

beforeAll(async () => {
  if (REDIS_SERVER === undefined) return;
  const local = await createTestTenant();
  tenant = local.tenant;
  tenant.seedUsers(
    Object.values(USERS).map((id) => ({
      user_id: id,
      email: `${id.slice(6)}@example.com`,
      user_metadata: { preferences: { theme: 'dark', colour: 'teal' }, private_note: 'kept' },
    })),
  );
  // One machine-to-machine client per instance, so the tenant can tell which instance calls it.
  const clients = ['api-1', 'api-2', 'api-3'];
  for (const id of clients) {
    tenant.state.clients.push({
      client_id: id,
      client_secret: `${id}-secret`,
      name: id,
      app_type: 'non_interactive',
    });
    tenant.state.clientGrants.push({
      id: `cgr_${id}`,
      client_id: id,
      audience: tenant.context.managementAudience,
      scope: ['read:users', 'update:users'],
    });
  }
  writes = watchWrites(tenant);
  [redis, served] = await Promise.all([startRedis(), serveFakeTenant({ ...tenant, handle: writes.handle })]);
  const common = {
    AUTH0_DOMAIN: tenant.domain,
    AUTH0_BASE_URL: served.url,
    API_AUDIENCE,
    REDIS_URL: redis.url,
    RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
    LOCK_TTL_MS: String(LOCK_TTL_MS),
    SHUTDOWN_GRACE_S: '5',
    LOG_PSEUDONYM_KEY: 'k'.repeat(32),
  };
  const entry = await bundleApi();
  apis = await Promise.all(
    clients.map((id) =>
      startApiProcess(
        { ...common, AUTH0_CLIENT_ID: id, AUTH0_CLIENT_SECRET: `${id}-secret` },
        { command: [process.execPath, entry] },
      ),
    ),
  );
  for (const user of Object.values(USERS)) {
    const login = await loginHeadless({
      baseUrl: served.url,
      clientId: local.spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      scope: 'openid read:preferences update:preferences',
      user: `${user.slice(6)}@example.com`,
    });
    tokens[user] = login.tokens.access_token ?? '';
  }
}, 30_000);

afterAll(async () => {
  for (const api of apis) api.child.kill('SIGKILL');
  await served?.close();
  await redis?.stop();
});

describe.skipIf(REDIS_SERVER === undefined)(
  `three API instances on one Redis (needs ${INSTALL_HINT})`,
  // A few seconds on a quiet machine; far more when a dozen test runs share its two cores.
  { timeout: 60_000 },
  () => {
    it('loses none of 300 concurrent PATCHes of one user spread over three instances', async () => {
      const retried = new Set<string>();
      const answers = await Promise.all(
        Array.from({ length: PATCHES }, (_, n) => {
          const api = apis[n % 3] as ApiProcess;
          return sendLikeAClient(api, api, USERS.many, n, retried);
        }),
      );

      expect(answers.map((answer) => answer.status)).toEqual(Array(PATCHES).fill(200));
      const history = writes.of(USERS.many);
      expect(history.times.length).toBeGreaterThan(3);
      expect(lostUpdates(history.states, answers, retried)).toEqual([]);
      expect(tenant.state.users.find((user) => user.user_id === USERS.many)?.user_metadata).toMatchObject({
        preferences: { theme: 'dark', colour: 'teal' },
        private_note: 'kept',
      });
    });

    it('reports each instance live and ready: the tenant keys and Redis answer', async () => {
      for (const api of apis) {
        expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
        const ready = await fetch(`${api.url}/readyz`);
        expect(await ready.json()).toEqual({ status: 'ready', checks: { jwks: 'ok', redis: 'ok' } });
      }
    });

    it('shares the rate limit: one user gets the configured limit across three instances, not three times it', async () => {
      // Counted before the body is read: a body refused with 400 costs no Management API call.
      const responses = await Promise.all(
        Array.from({ length: RATE_LIMIT + 30 }, (_, n) =>
          patch(apis[n % 3] as ApiProcess, USERS.limited, patchBody(n), 'text/plain'),
        ),
      );
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 400)).toHaveLength(RATE_LIMIT);
      expect(statuses.filter((status) => status === 429)).toHaveLength(30);
    });

    it('loses nothing when an instance is killed while it holds a lock, and waits at most the lock lifetime', async () => {
      const victim = apis[1] as ApiProcess;
      // Killed as its first Management API read arrives: it reads only under the lock. (Waiting for
      // other writes first let the victim's queue drain elsewhere now and then, and the kill never came.)
      const killed = writes.killOnRead(USERS.killed, 'api-2', 0, async () => {
        const left = await lockLeftMs();
        victim.child.kill('SIGKILL');
        return left;
      });
      const survivors = [apis[0], apis[2]] as ApiProcess[];
      const retried = new Set<string>();
      const send = (n: number) =>
        sendLikeAClient(apis[n % 3] as ApiProcess, survivors[n % 2] as ApiProcess, USERS.killed, n, retried);

      const answers = await Promise.all(Array.from({ length: PATCHES_AROUND_KILL }, (_, n) => send(n)));

      const kill = await Promise.race([
        killed,
        sleep(10_000).then(() => {
          throw new Error(`the victim never read ${USERS.killed} under the lock, so it was never killed`);
        }),
      ]);
      // Held, and for at most its lifetime: no renewal comes from a dead instance.
      expect(kill.lockLeftMs).toBeGreaterThan(0);
      expect(kill.lockLeftMs).toBeLessThanOrEqual(LOCK_TTL_MS);
      expect(retried.size).toBeGreaterThan(0);
      expect(answers.map((answer) => answer.status)).toEqual(Array(PATCHES_AROUND_KILL).fill(200));
      const history = writes.of(USERS.killed);
      expect(lostUpdates(history.states, answers, retried)).toEqual([]);
      const resumed = history.times.find((time) => time > kill.at) ?? Number.POSITIVE_INFINITY;
      // Well short of the 10 s a request waits for a lock before it gives up; loose for busy machines.
      expect(resumed - kill.at).toBeLessThan(LOCK_TTL_MS + 5_000);
      expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
    });

    it('drains requests in flight on SIGTERM, then exits 0', async () => {
      const api = apis[2] as ApiProcess;
      writes.delayReads(USERS.slow, 300);
      const inFlight = Array.from({ length: 5 }, () =>
        fetch(`${api.url}/me/preferences`, { headers: { authorization: `Bearer ${tokens[USERS.slow]}` } }),
      );
      await writes.readsArrived(USERS.slow, 5);
      const signalled = Date.now();
      api.child.kill('SIGTERM');

      const answers = await Promise.all(inFlight);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await api.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(3_000);
    });

    it('logs JSON lines whose user is a pseudonym, never a user id, email or value', () => {
      const lines = apis.flatMap((api) => api.lines).filter((line) => line !== '');
      expect(lines.length).toBeGreaterThan(PATCHES);
      for (const line of lines) {
        const entry = JSON.parse(line) as { user?: string };
        if (entry.user !== undefined) expect(entry.user).toMatch(/^[0-9a-f]{16}$/);
        for (const secret of ['auth0|', '@example.com', 'Writer ', 'en-x-w', 'teal', 'kept']) {
          expect(line).not.toContain(secret);
        }
      }
    });
  },
);

/** How long the user's lock has left in Redis now (0 when no lock is held). */
const lockLeftMs = async (): Promise<number> => {
  const { Redis } = await import('ioredis');
  const client = new Redis(redis.url);
  const keys = await client.keys('prefs:*:lock');
  const left = await Promise.all(keys.map((key) => client.pttl(key)));
  client.disconnect();
  return Math.max(0, ...left);
};
