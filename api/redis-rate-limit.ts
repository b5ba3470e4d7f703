import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { PerUserRateLimit, type RateDecision, type RateLimitOptions } from './rate-limit.ts';

// KEYS: counter. ARGV: window ms. The first request of a window starts its expiry.
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('PTTL', KEYS[1])}`;

/**
 * The per-user fixed window, counted in Redis so that every instance draws on one budget: N
 * instances must not allow a user N times the limit. When Redis does not answer, each instance
 * falls back to counting in its own memory: a GET still works and is still limited, per instance.
 */
export class SharedRateLimit {
  readonly #redis: Redis;
  readonly #options: RateLimitOptions;
  readonly #fallback: PerUserRateLimit;
  readonly #prefix: string;

  constructor(redis: Redis, options: RateLimitOptions, prefix = 'prefs:') {
    this.#redis = redis;
    this.#options = options;
    this.#fallback = new PerUserRateLimit(options);
    this.#prefix = prefix;
  }

  async take(userId: string): Promise<RateDecision> {
    const id = createHash('sha256').update(userId).digest('base64url').slice(0, 22);
    let answer: [number, number];
    try {
      answer = (await this.#redis.eval(HIT, 1, `${this.#prefix}{${id}}:rate`, this.#options.windowMs)) as [
        number,
        number,
      ];
    } catch {
      return this.#fallback.take(userId);
    }
    const [count, pttl] = answer;
    if (count <= this.#options.limit) return { allowed: true };
    return { allowed: false, retryAfterS: Math.max(1, Math.ceil(pttl / 1000)) };
  }
}
