import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ActionCache,
  buildEvent,
  CACHE_DEFAULT_TTL_MS,
  CACHE_MAX_TTL_MS,
  loadBundledAction,
  runPostLoginFlow,
} from '../../emulator/actions/index.ts';
import { loginHeadless } from '../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../emulator/tenant/transport.ts';
import { CALLBACK, createTestTenant, deployPostLoginAction } from './login/local-tenant-fixture.ts';

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const HOUR = 60 * 60 * 1000;

describe('ActionCache', () => {
  it('Auth0 gives a cache entry a 15-minute lifetime by default and expires it by the clock', () => {
    const cache = new ActionCache();
    expect(cache.set('token', 'abc', undefined, 1_000)).toEqual({ type: 'success' });
    expect(cache.get('token', 1_000)).toEqual({ value: 'abc', expires_at: 1_000 + CACHE_DEFAULT_TTL_MS });
    expect(cache.get('token', 1_000 + CACHE_DEFAULT_TTL_MS)).toBeUndefined();
  });

  it('Auth0 uses the earlier of ttl and expires_at, and refuses cache lifetimes over 24 hours', () => {
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

  it('Auth0 caches strings only, keys up to 64 bytes, values up to 4 KB', () => {
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

  it('Auth0 holds at most 20 cache entries and 8 KB in total', () => {
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

describe('api.cache in a login', () => {
  const setter = (name: string, body: string) =>
    loadBundledAction({ name, code: `exports.onExecutePostLogin = async (event, api) => {\n${body}\n};` });

  it('Auth0 scopes api.cache to the trigger: the Actions of one execution share it', async () => {
    const writer = await setter('writer', `api.cache.set('token', 'from-writer');`);
    const reader = await setter(
      'reader',
      `api.idToken.setCustomClaim('https://c.test/cached', api.cache.get('token')?.value ?? null);`,
    );
    const outcome = await runPostLoginFlow([writer, reader], buildEvent());
    expect(outcome.idToken?.payload['https://c.test/cached']).toBe('from-writer');
  });

  it('Auth0 keeps the trigger cache across a redeploy of the Action that wrote it', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const login = async () => {
      const { tokens } = await loginHeadless({
        baseUrl: base,
        clientId: spaClientId,
        redirectUri: CALLBACK,
        user: 'auth0|bob',
      });
      return decodeJwt(tokens.id_token ?? '')['https://test.example/cached'];
    };
    const code = (version: string) =>
      `exports.onExecutePostLogin = async (event, api) => { const had = api.cache.get('k')?.value ?? 'empty'; api.cache.set('k', '${version}'); api.idToken.setCustomClaim('https://test.example/cached', had); };`;
    deployPostLoginAction(tenant, 'cacher', code('v1'));
    expect(await login()).toBe('empty');
    const action = tenant.state.actions.find((candidate) => candidate.name === 'cacher');
    const first = action?.versions[0];
    if (!action || !first) throw new Error('the fixture did not deploy the Action');
    action.versions.push({ ...first, id: `${first.id}-2`, number: 2, code: code('v2') });
    action.deployed_version_number = 2;
    expect(await login()).toBe('v1');
  });
});
