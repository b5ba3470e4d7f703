import { describe, expect, it } from 'vitest';
import { buildEvent, DEFAULT_API_AUDIENCE } from '../../emulator/actions/index.ts';

describe('buildEvent', () => {
  it('describes a realistic database login by default', () => {
    const event = buildEvent();
    expect(event.user.identities[0]).toMatchObject({ provider: 'auth0', isSocial: false });
    expect(event.user.app_metadata).toEqual({});
    expect(event.user.user_metadata).toEqual({});
    expect(event.connection.name).toBe('Username-Password-Authentication');
    expect(event.transaction).toMatchObject({
      protocol: 'oidc-basic-profile',
      requested_scopes: ['openid', 'profile', 'email'],
    });
    expect(event.request.geoip.countryCode).toBe('GB');
    expect(event.stats.logins_count).toBeGreaterThan(0);
    expect(event.secrets).toEqual({});
    expect(event.resource_server?.identifier).toBe(DEFAULT_API_AUDIENCE);
    expect(event.authentication?.methods[0]?.name).toBe('pwd');
    expect(event.session?.id).toMatch(/^sess_/);
    expect(Number.isNaN(Date.parse(event.user.created_at))).toBe(false);
  });

  it('merges objects deeply and replaces arrays and scalars', () => {
    const event = buildEvent({
      user: { user_metadata: { preferences: { language: 'fr' } }, email: 'grace@example.com' },
      transaction: { requested_scopes: ['openid'] },
    });
    expect(event.user.user_metadata).toEqual({ preferences: { language: 'fr' } });
    expect(event.user.email).toBe('grace@example.com');
    expect(event.user.name).toBe('Ada Lovelace');
    expect(event.transaction?.requested_scopes).toEqual(['openid']);
    expect(event.transaction?.protocol).toBe('oidc-basic-profile');
  });

  it('removes optional fields set to undefined', () => {
    const event = buildEvent({
      resource_server: undefined,
      transaction: undefined,
      user: { email: undefined },
    });
    expect('resource_server' in event).toBe(false);
    expect('transaction' in event).toBe(false);
    expect('email' in event.user).toBe(false);
  });

  it('returns fresh objects every time, never sharing an override', () => {
    const metadata = { theme: 'dark' };
    const first = buildEvent({ user: { user_metadata: metadata } });
    metadata.theme = 'light';
    first.user.app_metadata.plan = 'pro';
    expect(buildEvent({ user: { user_metadata: metadata } }).user.user_metadata).toEqual({ theme: 'light' });
    expect(first.user.user_metadata).toEqual({ theme: 'dark' });
    expect(buildEvent().user.app_metadata).toEqual({});
  });

  it('keeps a __proto__ key in an override as data', () => {
    const overrides = JSON.parse('{"user":{"user_metadata":{"__proto__":{"polluted":true}}}}');
    const event = buildEvent(overrides);
    expect(Object.hasOwn(event.user.user_metadata, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
