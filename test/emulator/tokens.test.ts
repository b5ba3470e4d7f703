import fc from 'fast-check';
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.ts';
import {
  buildEvent,
  compactJwsBytes,
  createPostLoginRecord,
  DEFAULT_API_AUDIENCE,
  MAX_CUSTOM_CLAIMS_BYTES,
  mintTokens,
} from '../../emulator/actions/index.ts';

const NOW = Date.UTC(2026, 0, 15, 9, 30);
const IAT = NOW / 1000;
const options = { domain: 'tenant.test', now: NOW };

describe('mintTokens', () => {
  it('builds the ID token from the requested scopes, the session and the nonce', () => {
    const record = createPostLoginRecord();
    record.idTokenClaims['https://c.test/x'] = 1;
    const { idToken } = mintTokens(buildEvent(), record, { ...options, nonce: 'n-1' });
    expect(idToken?.payload).toEqual({
      given_name: 'Ada',
      family_name: 'Lovelace',
      nickname: 'ada',
      name: 'Ada Lovelace',
      picture: expect.stringMatching(/^https:/),
      updated_at: '2026-01-10T18:22:40.000Z',
      email: 'ada@example.com',
      email_verified: true,
      iss: 'https://tenant.test/',
      aud: buildEvent().client.client_id,
      sub: 'auth0|65a4f0c2e1d3b4a5c6d7e8f9',
      iat: IAT,
      exp: IAT + 36_000,
      sid: 'sess_Z1x2C3v4B5n6M7a8',
      nonce: 'n-1',
      'https://c.test/x': 1,
    });
  });

  it('Auth0 leaves profile and email claims out of the ID token when their scopes were not requested', () => {
    const event = buildEvent({ transaction: { requested_scopes: ['openid'] } });
    const { idToken } = mintTokens(event, createPostLoginRecord(), options);
    expect(Object.keys(idToken?.payload ?? {}).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sid', 'sub']);
  });

  it('starts from the granted scopes when the tenant grants fewer than were requested', () => {
    const event = buildEvent({ transaction: { requested_scopes: ['openid', 'email', 'delete:all'] } });
    const { idToken, accessToken } = mintTokens(event, createPostLoginRecord(), {
      ...options,
      grantedScopes: ['openid', 'email'],
    });
    expect(accessToken?.scope).toEqual(['openid', 'email']);
    expect(idToken?.payload).toMatchObject({ email: 'ada@example.com' });
    expect(idToken?.payload).not.toHaveProperty('name');
    expect(event.transaction?.requested_scopes).toEqual(['openid', 'email', 'delete:all']);
  });

  it('issues a JWT access token for a requested API, with scopes after the Actions changed them', () => {
    const record = createPostLoginRecord();
    record.scopeChanges.push({ op: 'add', scope: 'read:prefs' }, { op: 'remove', scope: 'email' });
    record.accessTokenClaims['https://c.test/plan'] = 'pro';
    const { accessToken } = mintTokens(buildEvent(), record, { ...options, accessTokenLifetimeSeconds: 600 });
    expect(accessToken?.scope).toEqual(['openid', 'profile', 'read:prefs']);
    expect(accessToken?.payload).toEqual({
      iss: 'https://tenant.test/',
      sub: 'auth0|65a4f0c2e1d3b4a5c6d7e8f9',
      aud: [DEFAULT_API_AUDIENCE, 'https://tenant.test/userinfo'],
      iat: IAT,
      exp: IAT + 600,
      scope: 'openid profile read:prefs',
      azp: buildEvent().client.client_id,
      'https://c.test/plan': 'pro',
    });
  });

  it('issues no readable access token without an API audience, and no ID token without openid', () => {
    const event = buildEvent({ resource_server: undefined, transaction: { requested_scopes: ['profile'] } });
    expect(mintTokens(event, createPostLoginRecord(), options)).toEqual({});
  });

  it('Auth0 names the organization in both tokens of an organization login', () => {
    const event = buildEvent({ organization: { id: 'org_abc', name: 'acme', metadata: {} } });
    const { idToken, accessToken } = mintTokens(event, createPostLoginRecord(), options);
    expect(idToken?.payload.org_id).toBe('org_abc');
    expect(accessToken?.payload.org_id).toBe('org_abc');
  });

  it('computes the exact size of the signed token without signing', async () => {
    const record = createPostLoginRecord();
    record.idTokenClaims['https://c.test/name'] = 'Zoë 🚀';
    const { idToken } = mintTokens(buildEvent(), record, { ...options, keyId: 'key-1' });
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const jws = await new SignJWT(idToken?.payload ?? {})
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: 'key-1' })
      .sign(privateKey);
    expect(decodeProtectedHeader(jws).kid).toBe('key-1');
    expect(decodeJwt(jws)).toEqual(idToken?.payload);
    expect(idToken?.bytes).toBe(jws.length);
    expect(compactJwsBytes(idToken?.payload ?? {}, 'key-1')).toBe(jws.length);
  });

  it('sizes both tokens exactly for any claims, names that shadow standard claims included', () => {
    const names = fc.oneof(fc.string(), fc.constantFrom('sub', 'iss', 'scope', 'email', '1', '__proto__'));
    const claims = fc.dictionary(names, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 });
    fc.assert(
      fc.property(claims, claims, fc.boolean(), (idClaims, accessClaims, organization) => {
        const record = createPostLoginRecord();
        record.idTokenClaims = idClaims as JsonObject;
        record.accessTokenClaims = accessClaims as JsonObject;
        const event = buildEvent({
          resource_server: { identifier: DEFAULT_API_AUDIENCE },
          ...(organization ? { organization: { id: 'org_é', name: 'acme', metadata: {} } } : {}),
        });
        const minted = mintTokens(event, record, options);
        const custom = (claims: object) =>
          Object.entries(claims).reduce(
            (total, [name, value]) => total + Buffer.byteLength(JSON.stringify(name) + JSON.stringify(value)),
            0,
          );
        for (const [token, set] of [
          [minted.idToken, idClaims],
          [minted.accessToken, accessClaims],
        ] as const) {
          if (!token) continue;
          expect(token.bytes).toBe(compactJwsBytes(token.payload));
          expect(token.customClaimsBytes).toBe(custom(set));
        }
      }),
    );
  });

  it('Auth0 fails the login over 100 KB of custom claims in one token', () => {
    const record = createPostLoginRecord();
    record.idTokenClaims.big = 'x'.repeat(MAX_CUSTOM_CLAIMS_BYTES - 10);
    expect(mintTokens(buildEvent(), record, options).idToken?.customClaimsBytes).toBe(
      MAX_CUSTOM_CLAIMS_BYTES - 10 + 2 + 5,
    );
    record.idTokenClaims.more = 'x'.repeat(10);
    const minted = mintTokens(buildEvent(), record, options);
    expect(minted.idToken).toBeUndefined();
    expect(minted.error?.message).toMatch(
      /ID token's custom claims take \d+ bytes, over Auth0's 100 KB limit/,
    );
  });
});
