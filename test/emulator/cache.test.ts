import { describe, expect, it } from 'vitest';
import { ActionCache, CACHE_DEFAULT_TTL_MS, CACHE_MAX_TTL_MS } from '../../emulator/actions/index.ts';

const HOUR = 60 * 60 * 1000;

describe('ActionCache', () => {
  it('stores strings with a 15-minute default lifetime and expires them by the clock', () => {
    const cache = new ActionCache();
    expect(cache.set('token', 'abc', undefined, 1_000)).toEqual({ type: 'success' });
    expect(cache.get('token', 1_000)).toEqual({ value: 'abc', expires_at: 1_000 + CACHE_DEFAULT_TTL_MS });
    expect(cache.get('token', 1_000 + CACHE_DEFAULT_TTL_MS)).toBeUndefined();
  });

  it('uses the earlier of ttl and expires_at, and refuses lifetimes over 24 hours', () => {
    const cache = new ActionCache();
    cache.set('k', 'v', { ttl: 2 * HOUR, expires_at: HOUR }, 0);
    expect(cache.get('k', 0)?.expires_at).toBe(HOUR);
    expect(cache.set('k', 'v', { ttl: CACHE_MAX_TTL_MS + 1 }, 0)).toEqual({
      type: 'error',
      code: 'invalid_ttl',
    });
    expect(cache.set('k', 'v', { expires_at: CACHE_MAX_TTL_MS + 1 }, 0)).toEqual({
      type: 'error',
      code: 'invalid_ttl',
    });
    expect(cache.set('k', 'v', { ttl: 0 }, 0)).toEqual({ type: 'error', code: 'invalid_ttl' });
  });

  it('takes strings only, keys up to 64 bytes, values up to 4 KB', () => {
    const cache = new ActionCache();
    expect(cache.set('k', 42, undefined, 0)).toEqual({ type: 'error', code: 'invalid_value' });
    expect(cache.set(7, 'v', undefined, 0)).toEqual({ type: 'error', code: 'invalid_key' });
    expect(cache.set('é'.repeat(33), 'v', undefined, 0)).toEqual({ type: 'error', code: 'key_too_large' });
    expect(cache.set('k'.repeat(64), 'v', undefined, 0)).toEqual({ type: 'success' });
    expect(cache.set('big', 'x'.repeat(4097), undefined, 0)).toEqual({
      type: 'error',
      code: 'value_too_large',
    });
    expect(cache.set('big', 'x'.repeat(4000), undefined, 0)).toEqual({ type: 'success' });
  });

  it('holds at most 20 entries and 8 KB in total', () => {
    const cache = new ActionCache();
    for (let i = 0; i < 20; i++) expect(cache.set(`k${i}`, 'v', undefined, 0).type).toBe('success');
    expect(cache.set('k20', 'v', undefined, 0)).toEqual({ type: 'error', code: 'too_many_entries' });
    expect(cache.set('k0', 'replaced', undefined, 0)).toEqual({ type: 'success' });

    const full = new ActionCache();
    expect(full.set('a', 'x'.repeat(4000), undefined, 0).type).toBe('success');
    expect(full.set('b', 'x'.repeat(4000), undefined, 0).type).toBe('success');
    expect(full.set('c', 'x'.repeat(300), undefined, 0)).toEqual({ type: 'error', code: 'cache_full' });
    expect(full.delete('a', 0)).toEqual({ type: 'success' });
    expect(full.set('c', 'x'.repeat(300), undefined, 0).type).toBe('success');
  });

  it('reports deleting a missing key as an error', () => {
    expect(new ActionCache().delete('nope', 0)).toEqual({ type: 'error', code: 'not_found' });
  });
});
