/**
 * Runs tasks one at a time per user id, in arrival order. The API reads a user's metadata, merges a
 * change and writes it back; two such cycles for one user must not interleave, or the second write
 * would replace the first (Auth0 merges only top-level keys).
 *
 * This lock lives in one process. Several API instances need a shared lock (e.g. Redis) or an
 * optimistic retry that re-reads when the user changed in between; see docs/preferences-api.md.
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
