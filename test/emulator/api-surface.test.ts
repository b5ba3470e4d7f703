import { describe, expect, it } from 'vitest';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import {
  ActionCache,
  buildEvent,
  createPostLoginApi,
  DEFAULT_TENANT_DOMAIN,
  type DeepPartial,
  MAX_METADATA_WRITE_BYTES,
  runBundledAction,
} from '../../emulator/actions/index.ts';

// Every method of the post-login API object as Auth0 documents it
// (https://auth0.com/docs/actions/reference/post-login/post-login-api-object),
// each with arguments an Action could pass.
const DOCUMENTED_CALLS: Record<string, unknown[]> = {
  'access.deny': ['no'],
  'accessToken.setCustomClaim': ['https://c.test/a', 1],
  'accessToken.addScope': ['read:x'],
  'accessToken.removeScope': ['read:x'],
  'authentication.challengeWith': [{ type: 'otp' }],
  'authentication.challengeWithAny': [[{ type: 'otp' }]],
  'authentication.enrollWith': [{ type: 'otp' }],
  'authentication.enrollWithAny': [[{ type: 'otp' }]],
  'authentication.recordMethod': ['https://mfa.test/done'],
  'authentication.setPrimaryUser': ['auth0|primary'],
  'idToken.setCustomClaim': ['https://c.test/b', 2],
  'multifactor.enable': ['any'],
  'redirect.encodeToken': [{ secret: 's', payload: {} }],
  'redirect.sendUserTo': ['https://r.test/'],
  'redirect.canRedirect': [],
  'redirect.validateToken': [{ secret: 's' }],
  'user.setAppMetadata': ['a', 1],
  'user.setUserMetadata': ['b', 2],
  'cache.delete': ['k'],
  'cache.get': ['k'],
  'cache.set': ['k', 'v'],
  'samlResponse.setAttribute': ['http://schemas.test/role', 'admin'],
  'samlResponse.setAudience': ['urn:sp'],
  'samlResponse.setRecipient': ['https://sp.test/acs'],
  'samlResponse.setCreateUpnClaim': [false],
  'samlResponse.setPassthroughClaimsWithNoMapping': [false],
  'samlResponse.setMapUnknownClaimsAsIs': [true],
  'samlResponse.setMapIdentities': [false],
  'samlResponse.setSignatureAlgorithm': ['rsa-sha256'],
  'samlResponse.setDigestAlgorithm': ['sha256'],
  'samlResponse.setDestination': ['https://sp.test/acs'],
  'samlResponse.setLifetimeInSeconds': [3600],
  'samlResponse.setSignResponse': [true],
  'samlResponse.setNameIdentifierFormat': ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
  'samlResponse.setNameIdentifierProbes': [['email']],
  'samlResponse.setAuthnContextClassRef': ['urn:oasis:names:tc:SAML:2.0:ac:classes:Password'],
  'samlResponse.setSigningCert': ['-----BEGIN CERTIFICATE-----'],
  'samlResponse.setIncludeAttributeNameFormat': [true],
  'samlResponse.setTypedAttributes': [true],
  'samlResponse.setEncryptionCert': ['-----BEGIN CERTIFICATE-----'],
  'samlResponse.setEncryptionPublicKey': ['-----BEGIN PUBLIC KEY-----'],
  'samlResponse.setCert': ['-----BEGIN CERTIFICATE-----'],
  'samlResponse.setKey': ['-----BEGIN PRIVATE KEY-----'],
  'samlResponse.setRelayState': ['rs'],
  'samlResponse.setIssuer': ['urn:idp'],
  'samlResponse.setEncryptionAlgorithm': ['aes256-gcm'],
  'validation.error': ['invalid_phone', 'Check your phone number'],
  'rules.wasExecuted': ['rul_1'],
  'prompt.render': ['ap_form1'],
  'refreshToken.revoke': ['stolen'],
  'refreshToken.setExpiresAt': [Date.UTC(2026, 1, 1)],
  'refreshToken.setIdleExpiresAt': [Date.UTC(2026, 0, 20)],
  'refreshToken.setMetadata': ['device', 'laptop'],
  'refreshToken.deleteMetadata': ['device'],
  'refreshToken.evictMetadata': [],
  'session.revoke': ['risk', { preserveRefreshTokens: true }],
  'session.setExpiresAt': [Date.UTC(2026, 1, 1)],
  'session.setIdleExpiresAt': [Date.UTC(2026, 0, 20)],
  'session.setCookieMode': ['non-persistent'],
  'session.setMetadata': ['risk', 'low'],
  'session.deleteMetadata': ['risk'],
  'session.evictMetadata': [],
  'transaction.setMetadata': ['step', 1],
  'groups.getUserGroups': [{ take: 10 }],
  'groups.hasGroupMembership': [['staff']],
  'roles.getUserEffectiveRoles': [{ take: 10 }],
  'roles.getUserEffectiveRolesByIds': [['rol_1']],
  'roles.getUserEffectiveRolesByNames': [['admin']],
};

const apiFor = (overrides: DeepPartial<PostLoginEvent> = {}, continueState?: string) =>
  createPostLoginApi(buildEvent(overrides), {
    domain: DEFAULT_TENANT_DOMAIN,
    now: () => Date.UTC(2026, 0, 15, 9, 30),
    cache: new ActionCache(),
    actionName: 'surface',
    ...(continueState === undefined ? {} : { continueState }),
  });

const methodAt = (api: object, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], api);

describe('the post-login api', () => {
  it('Auth0 gives an Action every documented api method, and the emulator records each call', async () => {
    // No single login allows every call: each runs on a fresh api of a login where it applies.
    for (const [path, args] of Object.entries(DOCUMENTED_CALLS)) {
      const protocol = path.startsWith('samlResponse.')
        ? 'samlp'
        : path.startsWith('refreshToken.revoke')
          ? 'oauth2-refresh-token'
          : 'oidc-basic-profile';
      const { api, record } = apiFor({ transaction: { protocol } }, 'st');
      const method = methodAt(api, path);
      expect(typeof method, path).toBe('function');
      try {
        await (method as (...a: unknown[]) => unknown)(...args);
      } catch {
        // validateToken without a token throws, as on Auth0; the call is still recorded.
      }
      expect(
        record.calls.map((call) => call.method),
        path,
      ).toContain(path);
    }
  });

  it('Auth0 revokes the session and denies the login with session.revoke; lifetimes keep the earliest asked', () => {
    const { api, record } = apiFor();
    api.session.setExpiresAt(Date.UTC(2026, 2, 1));
    api.session.setExpiresAt(Date.UTC(2026, 1, 1));
    api.session.setExpiresAt(Date.UTC(2026, 3, 1));
    api.session.setMetadata('risk', 'low').session.setCookieMode('non-persistent');
    api.session.revoke('risky login');
    expect(record.session).toMatchObject({
      expiresAt: Date.UTC(2026, 1, 1),
      metadata: { risk: 'low' },
      cookieMode: 'non-persistent',
      revoked: { reason: 'risky login' },
    });
    expect(record.denied).toEqual({ reason: 'risky login' });
  });

  it('Auth0 allows refreshToken.revoke only in a refresh token exchange', () => {
    const { api } = apiFor();
    expect(() => api.refreshToken.revoke('x')).toThrow(/only in a refresh token exchange/);
  });

  it('Auth0 lets later Actions and the same Action read transaction metadata at once, strings, numbers and booleans only', async () => {
    const outcome = await runBundledAction(
      {
        name: 'tx',
        code: `exports.onExecutePostLogin = async (event, api) => {
  api.transaction.setMetadata('step', 2);
  api.idToken.setCustomClaim('https://c.test/step', event.transaction.metadata.step);
  try { api.transaction.setMetadata('obj', { a: 1 }); } catch (e) { console.log(e.message); }
  try { api.transaction.setMetadata('big', 2 ** 60); } catch (e) { console.log(e.message); }
};`,
      },
      buildEvent(),
    );
    expect(outcome.idToken?.payload['https://c.test/step']).toBe(2);
    expect(outcome.logs).toEqual([
      expect.stringMatching(/string, number or boolean/),
      expect.stringMatching(/safety check/),
    ]);
  });

  it('Auth0 refuses user or app metadata writes over 32 kB in one execution', () => {
    const { api, record } = apiFor();
    const half = 'x'.repeat(MAX_METADATA_WRITE_BYTES / 2);
    api.user.setUserMetadata('a', half);
    expect(() => api.user.setUserMetadata('b', half)).toThrow(/over Auth0's 32 kB per session/);
    api.user.setAppMetadata('b', half);
    expect(Object.keys(record.metadataWrites.user_metadata)).toEqual(['a']);
    expect(Object.keys(record.metadataWrites.app_metadata)).toEqual(['b']);
    // Replacing a key counts its new value only.
    api.user.setUserMetadata('a', 'small');
    api.user.setUserMetadata('b', half);
    expect(record.metadataWrites.user_metadata.b).toBe(half);
  });

  it('Auth0 allows setPrimaryUser once per transaction and issues the tokens for that user', async () => {
    const outcome = await runBundledAction(
      {
        name: 'link',
        code: `exports.onExecutePostLogin = async (event, api) => {
  api.user.setUserMetadata('lost', true);
  api.authentication.setPrimaryUser('auth0|primary');
  try { api.authentication.setPrimaryUser('auth0|other'); } catch (e) { console.log(e.message); }
};`,
      },
      buildEvent(),
    );
    expect(outcome.idToken?.payload.sub).toBe('auth0|primary');
    expect(outcome.primaryUser).toBe('auth0|primary');
    expect(outcome.logs).toEqual(['setPrimaryUser can be called once per transaction.']);
    // "Any userMetadata set in the same Action as setPrimaryUser is discarded".
    expect(outcome.metadataWrites.user_metadata).toEqual({});
  });

  it('Auth0 answers rules.wasExecuted from the Rules that ran in the transaction', () => {
    const { api } = createPostLoginApi(buildEvent(), {
      domain: DEFAULT_TENANT_DOMAIN,
      now: () => 0,
      cache: new ActionCache(),
      executedRules: ['rul_legacy'],
    });
    expect(api.rules.wasExecuted('rul_legacy')).toBe(true);
    expect(api.rules.wasExecuted('rul_other')).toBe(false);
  });

  it('Auth0 fails the login with the code and message of api.validation.error', async () => {
    const outcome = await runBundledAction(
      {
        name: 'validate',
        code: `exports.onExecutePostLogin = async (event, api) => { api.validation.error('invalid_phone', 'Check your phone number'); };`,
      },
      buildEvent(),
    );
    expect(outcome.error).toMatchObject({
      code: 'invalid_phone',
      message: 'Check your phone number',
      action: 'validate',
    });
    expect(outcome.idToken).toBeUndefined();
  });
});

describe('api.roles and api.groups', () => {
  it('Auth0 lists the user effective roles through api.roles, paginated, and groups through api.groups', async () => {
    const { api } = createPostLoginApi(
      buildEvent({ authorization: { roles: ['admin', 'editor', 'viewer'] } }),
      {
        domain: DEFAULT_TENANT_DOMAIN,
        now: () => 0,
        cache: new ActionCache(),
        groups: [{ id: 'grp_1', name: 'staff' }],
      },
    );
    const first = await api.roles.getUserEffectiveRoles({ take: 2 });
    expect(first.roles.map((role) => role.name)).toEqual(['admin', 'editor']);
    const rest = await api.roles.getUserEffectiveRoles({ take: 2, from: first.next });
    expect(rest).toEqual({ roles: [{ id: expect.stringMatching(/^rol_/), name: 'viewer' }] });
    const byName = await api.roles.getUserEffectiveRolesByNames(['editor']);
    expect((await api.roles.getUserEffectiveRolesByIds(byName.roles.map((role) => role.id))).roles).toEqual(
      byName.roles,
    );
    expect(await api.groups.hasGroupMembership(['staff'])).toEqual({
      isMember: true,
      matchingGroups: [{ id: 'grp_1', name: 'staff' }],
    });
  });
});
