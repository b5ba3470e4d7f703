import { type Clock, randomHandle } from './handles.ts';

/** Values behind unguessable handles that lapse after a lifetime: sessions, login transactions, opaque tokens. */
export class HandleStore<T> {
  readonly #entries = new Map<string, { value: T; expiresAt: number }>();
  readonly #clock: Clock;
  readonly #lifetimeMs: number;

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

  delete(handle: string | undefined): void {
    if (handle !== undefined) this.#entries.delete(handle);
  }

  #sweep(): void {
    const now = this.#clock();
    for (const [handle, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(handle);
  }
}
