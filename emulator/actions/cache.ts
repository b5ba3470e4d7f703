import type { CacheWriteResult } from '../../core/post-login-types.ts';
import { utf8Bytes } from './json.ts';

// Auth0's Actions cache limits (AUTH0-FACTS.md; `api.cache` in Auth0's post-login API reference:
// ttl and expires_at are milliseconds, the earlier of the two wins, 15 minutes when neither is given).
export const CACHE_MAX_KEY_BYTES = 64;
export const CACHE_MAX_VALUE_BYTES = 4 * 1024;
export const CACHE_MAX_TOTAL_BYTES = 8 * 1024;
export const CACHE_MAX_ENTRIES = 20;
export const CACHE_MAX_TTL_MS = 24 * 60 * 60 * 1000;
export const CACHE_DEFAULT_TTL_MS = 15 * 60 * 1000;

/**
 * Why a cache write failed. Auth0 documents that failures carry a `code` but not the codes
 * themselves, so these names are the emulator's own.
 */
export type CacheErrorCode =
  | 'invalid_key'
  | 'invalid_value'
  | 'key_too_large'
  | 'value_too_large'
  | 'invalid_ttl'
  | 'too_many_entries'
  | 'cache_full'
  | 'not_found';

export interface CacheRecord {
  value: string;
  /** Milliseconds since the Unix epoch. */
  expires_at: number;
}

export interface CacheSetOptions {
  ttl?: number;
  expires_at?: number;
}

const failure = (code: CacheErrorCode): CacheWriteResult => ({ type: 'error', code });
const SUCCESS: CacheWriteResult = { type: 'success' };

/**
 * One Action's cache: it outlives a single login (module instances are reused), so the same store is
 * handed to every run of a loaded Action. Time comes from the caller, so tests can move the clock.
 */
export class ActionCache {
  readonly #entries = new Map<string, CacheRecord>();

  get(key: string, now: number): CacheRecord | undefined {
    this.#evictExpired(now);
    const record = this.#entries.get(key);
    return record ? { ...record } : undefined;
  }

  set(key: unknown, value: unknown, options: CacheSetOptions | undefined, now: number): CacheWriteResult {
    this.#evictExpired(now);
    if (typeof key !== 'string' || key === '') return failure('invalid_key');
    if (typeof value !== 'string') return failure('invalid_value');
    if (utf8Bytes(key) > CACHE_MAX_KEY_BYTES) return failure('key_too_large');
    if (utf8Bytes(value) > CACHE_MAX_VALUE_BYTES) return failure('value_too_large');
    const expiresAt = this.#expiry(options, now);
    if (expiresAt === undefined) return failure('invalid_ttl');
    const replacing = this.#entries.has(key);
    if (!replacing && this.#entries.size >= CACHE_MAX_ENTRIES) return failure('too_many_entries');
    const others = this.#totalBytes() - (replacing ? this.#entryBytes(key) : 0);
    if (others + utf8Bytes(key) + utf8Bytes(value) > CACHE_MAX_TOTAL_BYTES) return failure('cache_full');
    this.#entries.set(key, { value, expires_at: expiresAt });
    return SUCCESS;
  }

  delete(key: unknown, now: number): CacheWriteResult {
    this.#evictExpired(now);
    if (typeof key !== 'string') return failure('invalid_key');
    return this.#entries.delete(key) ? SUCCESS : failure('not_found');
  }

  /** Number of live entries at `now`. */
  size(now: number): number {
    this.#evictExpired(now);
    return this.#entries.size;
  }

  #expiry(options: CacheSetOptions | undefined, now: number): number | undefined {
    const { ttl, expires_at } = options ?? {};
    const limits: number[] = [];
    if (ttl !== undefined) {
      if (!Number.isFinite(ttl) || ttl <= 0 || ttl > CACHE_MAX_TTL_MS) return undefined;
      limits.push(now + ttl);
    }
    if (expires_at !== undefined) {
      if (!Number.isFinite(expires_at) || expires_at <= now || expires_at > now + CACHE_MAX_TTL_MS) {
        return undefined;
      }
      limits.push(expires_at);
    }
    return limits.length === 0 ? now + CACHE_DEFAULT_TTL_MS : Math.min(...limits);
  }

  #evictExpired(now: number): void {
    for (const [key, record] of this.#entries) if (record.expires_at <= now) this.#entries.delete(key);
  }

  #entryBytes(key: string): number {
    const record = this.#entries.get(key);
    return record ? utf8Bytes(key) + utf8Bytes(record.value) : 0;
  }

  #totalBytes(): number {
    let total = 0;
    for (const key of this.#entries.keys()) total += this.#entryBytes(key);
    return total;
  }
}
