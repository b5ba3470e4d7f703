export interface RateLimitOptions {
  /** Requests one user may make per window. */
  readonly limit: number;
  readonly windowMs: number;
  readonly now?: () => number;
}

export type RateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterS: number };

/** Bounds memory under many distinct users: expired windows are swept once the map grows this big. */
const SWEEP_THRESHOLD = 10_000;

/**
 * A fixed-window request counter per user id. One user hammering the API cannot use up the
 * Management API's rate limit, which every user shares.
 */
export class PerUserRateLimit {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #options: RateLimitOptions;

  constructor(options: RateLimitOptions) {
    this.#options = options;
  }

  take(userId: string): RateDecision {
    const now = (this.#options.now ?? Date.now)();
    if (this.#windows.size > SWEEP_THRESHOLD) this.#sweep(now);
    const window = this.#windows.get(userId);
    if (!window || now - window.start >= this.#options.windowMs) {
      this.#windows.set(userId, { start: now, count: 1 });
      return { allowed: true };
    }
    if (window.count < this.#options.limit) {
      window.count += 1;
      return { allowed: true };
    }
    const retryAfterS = Math.max(1, Math.ceil((window.start + this.#options.windowMs - now) / 1000));
    return { allowed: false, retryAfterS };
  }

  #sweep(now: number): void {
    for (const [userId, window] of this.#windows) {
      if (now - window.start >= this.#options.windowMs) this.#windows.delete(userId);
    }
  }
}
