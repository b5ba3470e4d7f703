import { pathToFileURL } from 'node:url';
import { SignJWT } from 'jose';
import { PREFERENCES_ROUTE } from '../api/preferences-api.ts';
import { PREFERENCES_SCOPES } from '../api/scopes.ts';
import { runMain } from '../core/run-main.ts';
import { createLocalTenant } from '../emulator/tenant/local-tenant.ts';
import { createSigningKeys } from '../emulator/tenant/login/grants/signing-keys.ts';
import { serveFakeTenant } from '../emulator/tenant/transport.ts';
import { type ApiInstance, startApiInstance } from './api-instances.ts';
import { AUDIENCE, LANGUAGES, p50p99 } from './api-patches.ts';
import { benchRedisShare } from './api-redis-share.ts';
import { INSTALL_HINT, REDIS_SERVER, startRedis, type TestRedis } from './redis-server.ts';

export interface ApiBenchOptions {
  /** Sequential PATCHes of one user, round-robin over the instances, for latency. */
  readonly sequential?: number;
  /** PATCHes sent by `concurrency` users at once, for throughput. */
  readonly concurrent?: number;
  readonly concurrency?: number;
}

interface Figures {
  readonly label: string;
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
}

/**
 * PATCH latency and throughput of `npm run api` processes over loopback HTTP, in-process lock vs
 * Redis, one instance vs three, against one local tenant served by this process; then the time Redis
 * adds to each PATCH, measured inside one API (lock, renewal before the write, release, rate limit).
 */
export const benchApi = async (
  log: (line: string) => void = console.log,
  options: ApiBenchOptions = {},
): Promise<void> => {
  const sequential = options.sequential ?? 300;
  const concurrent = options.concurrent ?? 1000;
  const concurrency = options.concurrency ?? 16;

  const keys = await createSigningKeys();
  const tenant = await createLocalTenant({ keys });
  const users = tenant.seedUsers(
    Array.from({ length: concurrency }, (_, i) => ({
      email: `bench-${i}@example.test`,
      user_metadata: { preferences: { language: 'en-GB' } },
    })),
  );
  const served = await serveFakeTenant(tenant);
  const redis: TestRedis | undefined = REDIS_SERVER === undefined ? undefined : await startRedis();
  const tokens = await Promise.all(
    users.map((user) =>
      new SignJWT({ scope: `${PREFERENCES_SCOPES.read} ${PREFERENCES_SCOPES.update}` })
        .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
        .setIssuer(tenant.issuer)
        .setAudience(AUDIENCE)
        .setSubject(user.user_id)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(keys.privateKey),
    ),
  );
  const env = {
    AUTH0_DOMAIN: tenant.domain,
    AUTH0_BASE_URL: served.url,
    API_AUDIENCE: AUDIENCE,
    AUTH0_CLIENT_ID: tenant.deployClient.client_id,
    AUTH0_CLIENT_SECRET: tenant.deployClient.client_secret ?? '',
    RATE_LIMIT_PER_MINUTE: '1000000',
  };

  const patch = async (url: string, user: number, n: number): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${url}${PREFERENCES_ROUTE}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokens[user]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ preferences: { language: LANGUAGES[n % LANGUAGES.length] } }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`bench: PATCH answered ${response.status}`);
    return performance.now() - started;
  };

  const measure = async (label: string, count: number, shared: boolean): Promise<Figures> => {
    const instances: ApiInstance[] = await Promise.all(
      Array.from({ length: count }, () =>
        startApiInstance({ ...env, ...(shared && redis ? { REDIS_URL: redis.url } : {}) }),
      ),
    );
    const urls = instances.map((instance) => instance.url);
    try {
      for (let n = 0; n < 30 * count; n += 1) await patch(urls[n % count] ?? '', n % concurrency, n);
      const latencies: number[] = [];
      for (let n = 0; n < sequential; n += 1) latencies.push(await patch(urls[n % count] ?? '', 0, n));
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async (_, user) => {
          while (next < concurrent) {
            const n = next++;
            await patch(urls[n % count] ?? '', user, n);
          }
        }),
      );
      return { label, ...p50p99(latencies), perSecond: concurrent / ((performance.now() - started) / 1000) };
    } finally {
      await Promise.all(instances.map((instance) => instance.stop()));
    }
  };

  try {
    log(`preferences API: PATCH ${PREFERENCES_ROUTE}, npm run api processes over loopback HTTP,`);
    log('  the local tenant (2 Management API calls per PATCH) in the bench process; ratios to row 1');
    const rows: Figures[] = [await measure('in-process lock, 1 instance', 1, false)];
    if (redis === undefined) {
      log(`  (Redis rows skipped: no redis-server; ${INSTALL_HINT})`);
    } else {
      rows.push(await measure('Redis lock,      1 instance', 1, true));
      rows.push(await measure('Redis lock,      3 instances', 3, true));
    }
    rows.push(await measure('in-process lock, 3 instances (loses updates; comparison only)', 3, false));
    const [base] = rows;
    for (const row of rows) {
      log(
        `  ${row.label}: p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms (${sequential} sequential); ` +
          `${row.perSecond.toFixed(0)} PATCH/s (${concurrency} users at once)` +
          (base && row !== base
            ? `; x${(row.p50 / base.p50).toFixed(2)} p50, x${(row.perSecond / base.perSecond).toFixed(2)} throughput`
            : ''),
      );
    }
    if (redis !== undefined) await benchRedisShare(log, redis.url, served.url, tenant, keys, sequential);
  } finally {
    await redis?.stop();
    await served.close();
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMain(async () => {
    await benchApi();
    return 0;
  });
}
