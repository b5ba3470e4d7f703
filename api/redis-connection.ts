import { Redis } from 'ioredis';

/**
 * A Redis connection that fails fast: the API holds a user's request while it waits, so a command
 * to an unreachable Redis must fail within a second (PATCH answers 503) rather than queue until
 * Redis comes back. ioredis reconnects on its own in the background.
 */
export const connectRedis = (url: string, onError: (message: string) => void = () => {}): Redis => {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1_000,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  });
  // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    onError(`Redis unreachable (${error.message}); PATCH answers 503 until it is back`);
  });
  redis.on('ready', () => {
    down = false;
  });
  return redis;
};

/** Resolves once the connection is ready, or after `ms` either way (the API then starts not ready). */
export const redisReady = (redis: Redis, ms: number): Promise<boolean> =>
  redis.status === 'ready'
    ? Promise.resolve(true)
    : new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), ms);
        redis.once('ready', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
