/**
 * Runs tasks one at a time per user id, in arrival order. The API reads a user's metadata, merges a
 * change and writes it back; two such cycles for one user must not interleave, or the second write
 * would replace the first (Auth0 merges only top-level keys).
 *
 * This lock lives in one process. With several instances, `RedisUserUpdates` puts a shared lock
 * behind it (REDIS_URL); see docs/preferences-api.md.
 */
export class UserLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(userId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(userId) ?? Promise.resolve();
    const current = previous.then(task, task);
    // The chain must go on whether this task fails or not; the tail only marks "done".
    const tail = current.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(userId, tail);
    try {
      return await current;
    } finally {
      // The last task of a user removes the entry, so idle users cost no memory.
      if (this.#tails.get(userId) === tail) this.#tails.delete(userId);
    }
  }

  /** How many users have a task running or queued (for tests and metrics). */
  get busyUsers(): number {
    return this.#tails.size;
  }
}

/** What one read-merge-write attempt is told by the lock it runs under. */
export interface UpdateAttempt {
  /**
   * Change sets other requests saved while an earlier attempt of this request wrote without holding
   * the lock (it had expired): its write may have replaced theirs, so they are applied again after this
   * request's own changes, in the order they were saved. Empty on a first attempt.
   */
  readonly missed: readonly unknown[];
  /** Call right before the write: renews the lock, or throws `LeaseLostError` (nothing written yet). */
  confirm(): Promise<void>;
}

/** Serialises each user's read-merge-write cycles: in this process, or across instances on Redis. */
export interface UserUpdates {
  /** `changes` is this request's change set, kept (as JSON) for replay by a later attempt. */
  run<T>(userId: string, changes: unknown, write: (attempt: UpdateAttempt) => Promise<T>): Promise<T>;
}

export type UserLockFailure = 'lock_unavailable' | 'lock_timeout' | 'write_unconfirmed';

/** The shared lock could not be had or kept; the API answers 503 with Retry-After. */
export class UserLockError extends Error {
  override readonly name = 'UserLockError';
  constructor(
    readonly code: UserLockFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The lock expired and another instance holds it now; thrown by `confirm()` before any write. */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

const NOTHING_MISSED: readonly unknown[] = [];

/** The default for one instance: a lock in process memory cannot expire, so nothing is ever missed. */
export const inProcessUpdates = (lock = new UserLock()): UserUpdates => ({
  run: (userId, _changes, write) =>
    lock.run(userId, () => write({ missed: NOTHING_MISSED, confirm: async () => {} })),
});
