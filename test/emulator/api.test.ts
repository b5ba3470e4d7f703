import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import {
  ActionCache,
  buildEvent,
  createPostLoginApi,
  DEFAULT_TENANT_DOMAIN,
  type DeepPartial,
  isForbiddenNamespace,
  isRestrictedClaimName,
  RESTRICTED_CLAIM_NAMES,
} from '../../emulator/actions/index.ts';
import { webUrl } from '../support/arbitraries.ts';

const NS = 'https://claims.example.test/';

const apiFor = (overrides: DeepPartial<PostLoginEvent> = {}) =>
  createPostLoginApi(buildEvent(overrides), {
    domain: DEFAULT_TENANT_DOMAIN,
    now: () => 0,
    cache: new ActionCache(),
    actionName: 'test',
  });

describe('createPostLoginApi: custom claims', () => {
  it('keeps namespaced claims and records every call in order', () => {
    const { api, record } = apiFor();
    api.idToken.setCustomClaim(`${NS}a`, 1).accessToken.setCustomClaim(`${NS}b`, 'two');
    expect(record.idTokenClaims).toEqual({ [`${NS}a`]: 1 });
    expect(record.accessTokenClaims).toEqual({ [`${NS}b`]: 'two' });
    expect(record.calls).toEqual([
      { action: 'test', method: 'idToken.setCustomClaim', args: [`${NS}a`, 1], result: 'applied' },
      { action: 'test', method: 'accessToken.setCustomClaim', args: [`${NS}b`, 'two'], result: 'applied' },
    ]);
  });

  it('Auth0 drops restricted claim names silently, on both tokens', () => {
    const { api, record } = apiFor();
    for (const name of ['sub', 'roles', 'permissions', 'x5t#S256']) {
      api.idToken.setCustomClaim(name, 'x');
      api.accessToken.setCustomClaim(name, 'x');
    }
    expect(record.idTokenClaims).toEqual({});
    expect(record.accessTokenClaims).toEqual({});
    expect(record.calls.every((call) => call.result === 'dropped')).toBe(true);
    expect(record.calls[0]?.reason).toBe('"sub" is a restricted claim name');
  });

  it('Auth0 throws when an Action sets the scope claim', () => {
    const { api, record } = apiFor();
    expect(() => api.accessToken.setCustomClaim('scope', 'admin')).toThrow(
      'The "scope" claim cannot be set.',
    );
    expect(() => api.idToken.setCustomClaim('scope', 'admin')).toThrow('The "scope" claim cannot be set.');
    expect(record.calls.map((call) => call.result)).toEqual(['threw', 'threw']);
    expect(record.accessTokenClaims).toEqual({});
  });

  it('Auth0 drops claims in its own namespaces', () => {
    const { api, record } = apiFor();
    for (const name of [
      'https://auth0.com/x',
      'https://me.webtask.io/x',
      'https://webtask.run/x',
      'urn:auth0:x',
    ]) {
      api.idToken.setCustomClaim(name, true);
    }
    expect(record.idTokenClaims).toEqual({});
    expect(record.calls.map((call) => call.result)).toEqual(['dropped', 'dropped', 'dropped', 'dropped']);
  });

  it('Auth0 drops non-namespaced access-token claims only for its own APIs', () => {
    for (const identifier of [
      `https://${DEFAULT_TENANT_DOMAIN}/api/v2/`,
      `https://${DEFAULT_TENANT_DOMAIN}/mfa/`,
    ]) {
      const { api, record } = apiFor({ resource_server: { identifier } });
      api.accessToken.setCustomClaim('plan', 'pro').accessToken.setCustomClaim(`${NS}plan`, 'pro');
      expect(record.accessTokenClaims).toEqual({ [`${NS}plan`]: 'pro' });
    }
    const { api, record } = apiFor({ resource_server: { identifier: 'https://api.example.test/' } });
    api.accessToken.setCustomClaim('plan', 'pro');
    expect(record.accessTokenClaims).toEqual({ plan: 'pro' });
  });

  it('Auth0 leaves access-token claims out when no API audience was requested', () => {
    const { api, record } = apiFor({ resource_server: undefined });
    api.accessToken.setCustomClaim(`${NS}plan`, 'pro');
    api.idToken.setCustomClaim(`${NS}theme`, 'dark');
    expect(record.accessTokenClaims).toEqual({});
    expect(record.idTokenClaims).toEqual({ [`${NS}theme`]: 'dark' });
    expect(record.calls[0]).toMatchObject({ result: 'dropped', reason: expect.stringContaining('opaque') });
  });

  it('copies values as JSON at call time', () => {
    const { api, record } = apiFor();
    const value = { roles: ['reader'], when: new Date(0), skip: undefined, fn: () => 1 };
    api.idToken.setCustomClaim(`${NS}v`, value);
    value.roles.push('admin');
    expect(record.idTokenClaims).toEqual({
      [`${NS}v`]: { roles: ['reader'], when: '1970-01-01T00:00:00.000Z' },
    });
    expect(record.calls[0]?.args).toEqual([
      `${NS}v`,
      { roles: ['reader'], when: '1970-01-01T00:00:00.000Z' },
    ]);
  });

  it('throws a TypeError for values JSON cannot hold, and drops undefined', () => {
    const { api, record } = apiFor();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => api.idToken.setCustomClaim(`${NS}c`, cycle)).toThrow(TypeError);
    expect(() => api.idToken.setCustomClaim(`${NS}b`, 10n)).toThrow(TypeError);
    api.idToken.setCustomClaim(`${NS}u`, undefined);
    expect(record.idTokenClaims).toEqual({});
    expect(record.calls.map((call) => call.result)).toEqual(['threw', 'threw', 'dropped']);
  });

  it('keeps a __proto__ claim as an own property without touching prototypes', () => {
    const { api, record } = apiFor();
    api.idToken.setCustomClaim('__proto__', { polluted: true });
    expect(Object.hasOwn(record.idTokenClaims, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(record.idTokenClaims)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('createPostLoginApi: any claim an Action sets', () => {
  const claimName = fc.oneof(
    fc.string(),
    fc.constantFrom(
      ...RESTRICTED_CLAIM_NAMES,
      'scope',
      '__proto__',
      'constructor',
      'https://x.auth0.com/y',
      'urn:auth0:z',
    ),
    webUrl(),
  );

  it('is kept as its JSON copy, dropped when Auth0 restricts it, or throws only for scope', () => {
    fc.assert(
      fc.property(claimName, fc.jsonValue(), fc.boolean(), (name, value, onIdToken) => {
        const { api, record } = apiFor();
        const token = onIdToken ? api.idToken : api.accessToken;
        let threw = false;
        try {
          token.setCustomClaim(name, value);
        } catch {
          threw = true;
        }
        expect(threw).toBe(name === 'scope');
        const claims = onIdToken ? record.idTokenClaims : record.accessTokenClaims;
        if (name === 'scope' || isRestrictedClaimName(name) || isForbiddenNamespace(name)) {
          expect(Object.keys(claims)).toEqual([]);
        } else {
          expect(Object.keys(claims)).toEqual([name]);
          expect(claims[name]).toEqual(JSON.parse(JSON.stringify(value)));
        }
        expect(Object.getPrototypeOf(claims)).toBe(Object.prototype);
        expect(record.calls).toHaveLength(1);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('createPostLoginApi: metadata, deny, scopes, redirects, MFA', () => {
  it('Auth0 batches metadata writes without touching event.user; null deletes; last write wins', () => {
    const event = buildEvent({ user: { user_metadata: { theme: 'light' } } });
    const { api, record } = createPostLoginApi(event, {
      domain: 'd.test',
      now: () => 0,
      cache: new ActionCache(),
    });
    api.user.setUserMetadata('theme', 'dark').user.setUserMetadata('theme', 'system');
    api.user.setUserMetadata('old', null).user.setAppMetadata('plan', { tier: 'pro' });
    expect(event.user.user_metadata).toEqual({ theme: 'light' });
    expect(record.metadataWrites).toEqual({
      user_metadata: { theme: 'system', old: null },
      app_metadata: { plan: { tier: 'pro' } },
    });
  });

  it('records a deny and lets the Action go on calling the api', () => {
    const { api, record } = apiFor();
    api.access.deny('blocked').user.setAppMetadata('blocked_at', 1);
    expect(record.denied).toEqual({ reason: 'blocked' });
    expect(record.metadataWrites.app_metadata).toEqual({ blocked_at: 1 });
  });

  it('Auth0 validates addScope and removeScope arguments and applies the changes in order', () => {
    const { api, record } = apiFor();
    api.accessToken.addScope('read:prefs').accessToken.removeScope('email');
    for (const bad of ['', ' read', 'read write', 'read\t', 'x'.repeat(281), 42]) {
      expect(() => api.accessToken.addScope(bad as string)).toThrow(TypeError);
      expect(() => api.accessToken.removeScope(bad as string)).toThrow(TypeError);
    }
    api.accessToken.addScope('x'.repeat(280));
    expect(record.scopeChanges).toEqual([
      { op: 'add', scope: 'read:prefs' },
      { op: 'remove', scope: 'email' },
      { op: 'add', scope: 'x'.repeat(280) },
    ]);
  });

  it('accepts a redirect in an interactive login, adding the state /continue needs back', () => {
    const { api, record } = apiFor();
    api.redirect.sendUserTo('https://app.example.test/consent', { query: { step: '2' } });
    const state = record.redirect?.state ?? '';
    expect(state).toMatch(/^[\w-]{16,}$/);
    expect(record.redirect).toEqual({ url: `https://app.example.test/consent?step=2&state=${state}`, state });
  });

  it('Auth0 refuses redirects in refresh-token, password and resource-owner flows and with prompt=none', () => {
    const cases: DeepPartial<PostLoginEvent>[] = [
      { transaction: { protocol: 'oauth2-refresh-token' } },
      { transaction: { protocol: 'oauth2-password' } },
      { transaction: { protocol: 'oauth2-resource-owner' } },
      { transaction: { prompt: ['none'] } },
    ];
    for (const overrides of cases) {
      const { api, record } = apiFor(overrides);
      expect(() => api.redirect.sendUserTo('https://app.example.test/x')).toThrow(
        /Redirects are not allowed/,
      );
      expect(record.redirect).toMatchObject({
        url: 'https://app.example.test/x',
        refused: expect.any(String),
      });
      expect(record.calls[0]?.result).toBe('refused');
    }
  });

  it('records multifactor.enable', () => {
    const { api, record } = apiFor();
    api.multifactor.enable('any', { allowRememberBrowser: true });
    expect(record.multifactor).toEqual({ provider: 'any', allowRememberBrowser: true });
  });
});
