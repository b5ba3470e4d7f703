import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Redis } from 'ioredis';
import type { ContractSpec } from '../claims/index.ts';
import type { PreferencesApiConfig } from './config.ts';
import { createPreferencesApi, rateLimitOf } from './preferences-api.ts';
import { connectRedis, redisReady } from './redis-connection.ts';
import { SharedRateLimit } from './redis-rate-limit.ts';
import { RedisUserUpdates } from './redis-user-lock.ts';
import { writeJsonLine } from './request-log.ts';

/** A Redis that is down at start must not stop the API from serving GETs: wait this long, then go on. */
const REDIS_START_WAIT_MS = 2_000;
const KEEP_ALIVE_MS = 65_000;

export interface RunningApi {
  readonly port: number;
  /** Whether the shared lock and rate limit are on Redis. */
  readonly shared: boolean;
  /**
   * Stops taking connections, lets requests in flight finish (at most `config.shutdownGraceMs`), then
   * closes everything. Resolves true when every request finished, false when some were cut off.
   */
  shutdown(): Promise<boolean>;
}

/** One JSON line per lifecycle event, beside the request lines; never a user id. */
export const logEvent = (event: string, detail: Record<string, string | number | boolean> = {}): void => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), event, ...detail })}\n`);
};

/** The preferences API as `npm run api` serves it: on Redis when REDIS_URL is set. */
export const startPreferencesApi = async (
  config: PreferencesApiConfig,
  hostname = '0.0.0.0',
  contract?: ContractSpec,
): Promise<RunningApi> => {
  const redis: Redis | undefined =
    config.redisUrl === undefined
      ? undefined
      : connectRedis(config.redisUrl, (message) => logEvent('redis_down', { message }));
  if (redis !== undefined && !(await redisReady(redis, REDIS_START_WAIT_MS))) {
    logEvent('redis_not_ready', {
      message: 'starting anyway: GET works, PATCH answers 503 until Redis is up',
    });
  }
  const updates =
    redis === undefined ? undefined : new RedisUserUpdates(redis, { ttlMs: config.lockTtlMs ?? 5_000 });
  let draining = false;
  const app = createPreferencesApi(config, {
    ...(contract ? { contract } : {}),
    log: writeJsonLine,
    ...(redis === undefined ? {} : { updates, limiter: new SharedRateLimit(redis, rateLimitOf(config)) }),
    readiness: {
      checks: redis === undefined ? {} : { redis: () => redis.ping() },
      draining: () => draining,
    },
  });

  let inFlight = 0;
  let onIdle = () => {};
  const server = createServer(getRequestListener(app.fetch));
  // Node closes an idle keep-alive connection after 5 s; a load balancer (60 s idle on AWS ALB) that
  // sends on it just then gets a reset, which it answers 502. Outlive the balancer's timeout instead.
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  server.on('request', (_request, response) => {
    inFlight += 1;
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) onIdle();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const shutdown = async (): Promise<boolean> => {
    draining = true;
    logEvent('draining', { in_flight: inFlight });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), config.shutdownGraceMs ?? 10_000);
      onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
      if (inFlight === 0) onIdle();
    });
    // Keep-alive connections idle after their last answer, and whatever the grace period cut off.
    server.closeAllConnections();
    await closed;
    await updates?.close();
    await redis?.quit().catch(() => redis.disconnect());
    logEvent('stopped', { drained, cut_off: inFlight });
    return drained;
  };
  return { port: (server.address() as AddressInfo).port, shared: redis !== undefined, shutdown };
};
