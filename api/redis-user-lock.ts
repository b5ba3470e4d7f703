import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { ACQUIRE, RELEASE, RENEW } from './redis-lock-scripts.ts';
import {
  LeaseLostError,
  type UpdateAttempt,
  UserLock,
  UserLockError,
  type UserUpdates,
} from './user-lock.ts';

// A per-user lock shared by every API instance through one Redis. Each holder gets a fencing number
// (INCR, per user) that is also its lock token. Auth0 has no conditional write, so the fence cannot be
// checked where the data lives; it is checked here instead: right before the Management API write
// (`confirm`) and atomically at release. A release that finds another fence means the write may have
// landed after the lock expired, over someone else's: the request then redoes its cycle under a new
// lock and applies again the change sets other holders saved meanwhile (the journal), so neither
// change is lost; a second loss answers 503.

/** Lock lifetime when not renewed: an instance that dies holding the lock delays that user this long. */
export const DEFAULT_LOCK_TTL_MS = 5_000;
/** How long a request waits for its user's lock before it is answered 503. */
export const DEFAULT_LOCK_WAIT_MS = 10_000;
/** A lost lease is redone once; twice in a row means Redis or this process is in trouble. */
const MAX_ATTEMPTS = 2;
/** Waiters are woken by a release message; this bounds the wait when the message is missed. */
const MAX_POLL_MS = 50;
/** The journal only has to outlive a late write (the Management API timeout) plus one lock lifetime. */
const JOURNAL_TTL_MS = 120_000;
/** Far more saves than the rate limit lets one user make in a journal's lifetime. */
const JOURNAL_CAP = 1_000;
/** Fence numbers must not restart while a journal still holds older ones. */
const FENCE_TTL_MS = 24 * 3_600_000;

export interface RedisUserLockOptions {
  readonly ttlMs?: number;
  readonly waitMs?: number;
  /** Namespaces the keys, so several deployments (or tests) can share one Redis. */
  readonly prefix?: string;
}

interface UserKeys {
  readonly id: string;
  readonly lock: string;
  readonly fence: string;
  readonly journal: string;
}

export class RedisUserUpdates implements UserUpdates {
  /** One waiter per user per instance talks to Redis; the others queue here, in arrival order. */
  readonly #local = new UserLock();
  readonly #redis: Redis;
  readonly #subscriber: Redis;
  readonly #waiters = new Map<string, Set<() => void>>();
  readonly #ttlMs: number;
  readonly #waitMs: number;
  readonly #prefix: string;
  readonly #channel: string;

  constructor(redis: Redis, options: RedisUserLockOptions = {}) {
    this.#redis = redis;
    this.#ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
    this.#waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
    this.#prefix = options.prefix ?? 'prefs:';
    this.#channel = `${this.#prefix}released`;
    // A subscribed connection can run no other command; it queues SUBSCRIBE until it is connected.
    this.#subscriber = redis.duplicate({ enableOfflineQueue: true });
    this.#subscriber.on('error', () => {}); // the main connection reports Redis being down
    this.#subscriber.on('message', (_channel: string, id: string) => this.#wake(id));
    this.#subscriber.subscribe(this.#channel).catch(() => {});
  }

  run<T>(userId: string, changes: unknown, write: (attempt: UpdateAttempt) => Promise<T>): Promise<T> {
    return this.#local.run(userId, () => this.#runShared(this.#keys(userId), JSON.stringify(changes), write));
  }

  async close(): Promise<void> {
    this.#subscriber.disconnect();
  }

  /** Redis keys hold a hash of the user id, not the id: key names show up in monitoring tools. */
  #keys(userId: string): UserKeys {
    const id = createHash('sha256').update(userId).digest('base64url').slice(0, 22);
    // The {braces} keep one user's keys in one Redis Cluster slot, as a script needs.
    const base = `${this.#prefix}{${id}}`;
    return { id, lock: `${base}:lock`, fence: `${base}:fence`, journal: `${base}:journal` };
  }

  async #runShared<T>(
    keys: UserKeys,
    changes: string,
    write: (attempt: UpdateAttempt) => Promise<T>,
  ): Promise<T> {
    const deadline = Date.now() + this.#waitMs;
    let lostFence: number | undefined;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const fence = await this.#acquire(keys, deadline);
      const renew = () => this.#command<number>(RENEW, 1, keys.lock, fence, this.#ttlMs);
      // Renewed while the cycle runs, so a slow Management API call does not lose a live holder's lock.
      const watchdog = setInterval(() => renew().catch(() => 0), Math.max(10, this.#ttlMs / 3));
      watchdog.unref();
      let wrote = false;
      let result: T;
      try {
        const missed = lostFence === undefined ? [] : await this.#journalSince(keys, lostFence, fence);
        result = await write({
          missed,
          confirm: async () => {
            if ((await renew()) !== 1) throw new LeaseLostError('the lock expired before the write');
            wrote = true;
          },
        });
      } catch (error) {
        await this.#release(keys, fence, '').catch(() => 0);
        if (error instanceof LeaseLostError) continue;
        throw error;
      } finally {
        clearInterval(watchdog);
      }
      const released = await this.#release(keys, fence, changes).catch(() => {
        throw new UserLockError('write_unconfirmed', 'Redis did not answer after the write; retry');
      });
      if (released === 1) return result;
      if (wrote) lostFence ??= fence;
    }
    throw new UserLockError('write_unconfirmed', "the user's lock expired during the write twice; retry");
  }

  async #acquire(keys: UserKeys, deadline: number): Promise<number> {
    for (;;) {
      // Listen before asking, so a release between the answer and the wait still wakes us.
      const released = this.#nextRelease(keys.id);
      const [fence, pttl] = await this.#command<[number, number]>(
        ACQUIRE,
        2,
        keys.lock,
        keys.fence,
        this.#ttlMs,
        FENCE_TTL_MS,
      ).catch((error: unknown) => {
        released.cancel();
        throw new UserLockError('lock_unavailable', `Redis is unreachable: ${String(error)}`);
      });
      if (fence > 0) {
        released.cancel();
        return fence;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        released.cancel();
        throw new UserLockError('lock_timeout', "another request held the user's lock too long");
      }
      await released.within(Math.min(pttl > 0 ? pttl : 1, MAX_POLL_MS, left));
    }
  }

  #nextRelease(id: string): { within(ms: number): Promise<void>; cancel(): void } {
    let wake = () => {};
    const woken = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const waiters = this.#waiters.get(id) ?? new Set();
    waiters.add(wake);
    this.#waiters.set(id, waiters);
    const cancel = () => {
      waiters.delete(wake);
      if (waiters.size === 0 && this.#waiters.get(id) === waiters) this.#waiters.delete(id);
    };
    return {
      cancel,
      within: async (ms) => {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([woken, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
        clearTimeout(timer);
        cancel();
      },
    };
  }

  #wake(id: string): void {
    for (const wake of this.#waiters.get(id) ?? []) wake();
  }

  #release(keys: UserKeys, fence: number, changes: string): Promise<number> {
    return this.#command<number>(
      RELEASE,
      2,
      keys.lock,
      keys.journal,
      fence,
      changes,
      JOURNAL_TTL_MS,
      JOURNAL_CAP,
      this.#channel,
      keys.id,
    );
  }

  /** Change sets saved under fences after `lostFence` and before ours, oldest first. */
  async #journalSince(keys: UserKeys, lostFence: number, fence: number): Promise<unknown[]> {
    const entries = await this.#redis
      .zrangebyscore(keys.journal, `(${lostFence}`, `(${fence}`)
      .catch((error: unknown) => {
        throw new UserLockError('lock_unavailable', `Redis is unreachable: ${String(error)}`);
      });
    return entries.map((entry) => JSON.parse(entry) as unknown);
  }

  async #command<T>(script: string, keyCount: number, ...args: (string | number)[]): Promise<T> {
    return (await this.#redis.eval(script, keyCount, ...args)) as T;
  }
}
