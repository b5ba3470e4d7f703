import { ApiError } from './http.ts';

// The tenant's own rate limit: a one-second window, advertised on every Management API response in
// the `x-ratelimit-limit/remaining/reset` headers clients use to back off.

const UNLIMITED_ADVERTISED = 50;

export class RateWindow {
  private second = -1;
  private used = 0;

  constructor(private readonly perSecond?: number) {}

  private roll(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.used = 0;
    }
  }

  /** Counts a request; the 429 to answer when the window is spent. */
  admit(nowMs: number): ApiError | undefined {
    this.roll(nowMs);
    this.used += 1;
    if (this.perSecond === undefined || this.used <= this.perSecond) return undefined;
    const headers = new Headers();
    this.stamp(headers, nowMs);
    return new ApiError(
      429,
      'too_many_requests',
      'Global limit has been reached',
      Object.fromEntries(headers),
    );
  }

  stamp(headers: Headers, nowMs: number): void {
    this.roll(nowMs);
    const limit = this.perSecond ?? UNLIMITED_ADVERTISED;
    if (headers.has('x-ratelimit-limit')) return;
    headers.set('x-ratelimit-limit', String(limit));
    headers.set('x-ratelimit-remaining', String(Math.max(0, limit - this.used)));
    headers.set('x-ratelimit-reset', String(this.second + 1));
  }
}
