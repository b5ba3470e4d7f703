import { type Clock, randomHandle } from './handles.ts';

/** Values behind unguessable handles that lapse after a lifetime: sessions, login transactions, opaque tokens. */
export class HandleStore<T> {
  readonly #entries = new Map<string, { value: T; expiresAt: number }>();
  readonly #clock: Clock;
  readonly #lifetimeMs: number;
  #sweptAt = Number.NEGATIVE_INFINITY;

  constructor(clock: Clock, lifetimeMs: number) {
    this.#clock = clock;
    this.#lifetimeMs = lifetimeMs;
  }

  add(value: T): string {
    this.#sweep();
    const handle = randomHandle();
    this.#entries.set(handle, { value, expiresAt: this.#clock() + this.#lifetimeMs });
    return handle;
  }

  /** Stores under a handle made elsewhere (it must be as unguessable as `add`'s). */
  set(handle: string, value: T): void {
    this.#sweep();
    this.#entries.set(handle, { value, expiresAt: this.#clock() + this.#lifetimeMs });
  }

  get(handle: string | undefined): T | undefined {
    if (handle === undefined) return undefined;
    const entry = this.#entries.get(handle);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#clock()) {
      this.#entries.delete(handle);
      return undefined;
    }
    return entry.value;
  }

  /** Ends an entry no later than `at` (ms): never lengthens its life. */
  expireBy(handle: string, at: number): void {
    const entry = this.#entries.get(handle);
    if (entry) entry.expiresAt = Math.min(entry.expiresAt, at);
  }

  /** The first live entry that matches, with its handle. */
  find(matches: (value: T) => boolean): { handle: string; value: T } | undefined {
    const now = this.#clock();
    for (const [handle, entry] of this.#entries) {
      if (entry.expiresAt > now && matches(entry.value)) return { handle, value: entry.value };
    }
    return undefined;
  }

  delete(handle: string | undefined): void {
    if (handle !== undefined) this.#entries.delete(handle);
  }

  /** Forgets lapsed entries, at most once a second: `get` refuses a lapsed one anyway. */
  #sweep(): void {
    const now = this.#clock();
    if (Math.abs(now - this.#sweptAt) < 1000) return;
    this.#sweptAt = now;
    for (const [handle, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(handle);
  }
}
