import { describe, expect, it } from 'vitest';
import { RefreshTokens } from '../../../emulator/tenant/login/grants/refresh-tokens.ts';

const grant = {
  clientId: 'spa',
  userId: 'auth0|1',
  scopes: ['openid', 'offline_access'],
  audience: undefined,
  sessionId: undefined,
};

describe('RefreshTokens', () => {
  it('rotates: each token works once and hands out the next one of its family', () => {
    const tokens = new RefreshTokens(() => 0);
    const { refreshToken: first, familyId } = tokens.issue(grant);
    const second = tokens.exchange(first, 'spa', true);
    expect(second.ok && second.refreshToken !== first && second.familyId === familyId).toBe(true);
    if (!second.ok) return;
    const third = tokens.exchange(second.refreshToken, 'spa', true);
    expect(third.ok).toBe(true);
    expect(tokens.liveTokens(familyId)).toBe(1);
  });

  it('revokes the whole family when a rotated token is presented again', () => {
    const tokens = new RefreshTokens(() => 0);
    const { refreshToken: first, familyId } = tokens.issue(grant);
    const second = tokens.exchange(first, 'spa', true);
    expect(tokens.exchange(first, 'spa', true)).toEqual({ ok: false, reason: 'reused' });
    expect(tokens.liveTokens(familyId)).toBe(0);
    if (second.ok)
      expect(tokens.exchange(second.refreshToken, 'spa', true)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('keeps other families alive when one is revoked', () => {
    const tokens = new RefreshTokens(() => 0);
    const a = tokens.issue(grant);
    const b = tokens.issue(grant);
    tokens.exchange(a.refreshToken, 'spa', true);
    tokens.exchange(a.refreshToken, 'spa', true);
    expect(tokens.exchange(b.refreshToken, 'spa', true).ok).toBe(true);
  });

  it('without rotation returns the same token, reusable', () => {
    const tokens = new RefreshTokens(() => 0);
    const { refreshToken } = tokens.issue(grant);
    expect(tokens.exchange(refreshToken, 'spa', false)).toMatchObject({ ok: true, refreshToken });
    expect(tokens.exchange(refreshToken, 'spa', false)).toMatchObject({ ok: true, refreshToken });
  });

  it('refuses a token presented by another client, without revoking it', () => {
    const tokens = new RefreshTokens(() => 0);
    const { refreshToken } = tokens.issue(grant);
    expect(tokens.exchange(refreshToken, 'other', true)).toEqual({ ok: false, reason: 'wrong_client' });
    expect(tokens.exchange(refreshToken, 'spa', true).ok).toBe(true);
  });

  it('expire with their family: rotation hands out new tokens, never more lifetime', () => {
    let now = 0;
    const tokens = new RefreshTokens(() => now);
    const { refreshToken } = tokens.issue(grant, { absoluteSeconds: 100, idleSeconds: undefined });
    now = 60_000;
    const rotated = tokens.exchange(refreshToken, 'spa', true);
    expect(rotated.ok).toBe(true);
    now = 100_000;
    if (rotated.ok)
      expect(tokens.exchange(rotated.refreshToken, 'spa', true)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('die unused after the idle lifetime; each exchange, rotating or not, starts it again', () => {
    for (const rotate of [true, false]) {
      let now = 0;
      const tokens = new RefreshTokens(() => now);
      let { refreshToken } = tokens.issue(grant, { absoluteSeconds: undefined, idleSeconds: 10 });
      for (const _ of [1, 2, 3]) {
        now += 9_000;
        const next = tokens.exchange(refreshToken, 'spa', rotate);
        expect(next.ok).toBe(true);
        if (next.ok) refreshToken = next.refreshToken;
      }
      now += 10_000;
      expect(tokens.exchange(refreshToken, 'spa', rotate)).toEqual({ ok: false, reason: 'unknown' });
    }
  });
});
