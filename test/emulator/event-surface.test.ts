import { describe, expect, it } from 'vitest';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import { buildEvent, DEFAULT_SESSION_START, runBundledAction } from '../../emulator/actions/index.ts';

const NS = 'https://c.test/';
/** An Action that copies what `read` returns from its event into one ID token claim. */
const reading = (read: string) => ({
  name: 'reader',
  code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('${NS}seen', ${read}); };`,
});
const seen = async (read: string, event: PostLoginEvent = buildEvent()): Promise<unknown> => {
  const outcome = await runBundledAction(reading(read), event);
  expect(outcome.error).toBeUndefined();
  return outcome.idToken?.payload[`${NS}seen`];
};

describe('the post-login event', () => {
  it('Auth0 hands the Action the user fields its event object documents, with realistic values', async () => {
    const user = (await seen('event.user')) as PostLoginEvent['user'];
    expect(user).toMatchObject({
      given_name: 'Ada',
      family_name: 'Lovelace',
      username: 'ada',
      phone_number: expect.stringMatching(/^\+\d{8,15}$/),
      phone_verified: false,
      multifactor: [],
      enrolledFactors: [],
    });
    expect(Date.parse(user.last_password_reset ?? '')).toBeLessThan(Date.parse(DEFAULT_SESSION_START));
    expect(Date.parse(user.last_password_reset ?? '')).toBeGreaterThan(Date.parse(user.created_at));
  });

  it('Auth0 always gives event.transaction.metadata, even when the caller built a transaction without it', async () => {
    const event = buildEvent();
    if (event.transaction) delete (event.transaction as { metadata?: unknown }).metadata;
    expect(await seen('event.transaction.metadata')).toEqual({});
    expect(await seen('event.transaction.metadata.anything ?? "none"')).toBe('none');
  });

  it('Auth0 gives every login event.authorization.roles and a transaction id', async () => {
    expect(await seen('event.authorization.roles')).toEqual([]);
    expect(await seen('event.transaction.id')).toMatch(/^\S{8,}$/);
    const admin = buildEvent({ authorization: { roles: ['admin'] } });
    expect(await seen('event.authorization.roles', admin)).toEqual(['admin']);
  });

  it('Auth0 passes the optional event fields in their documented shape when the login has them', async () => {
    const event = buildEvent({
      organization: { id: 'org_W8a2', name: 'acme', display_name: 'Acme Ltd', metadata: { tier: 'gold' } },
      custom_domain: { domain: 'login.acme.test', domain_metadata: { brand: 'acme' } },
      prompt: { id: 'ap_1', fields: { accepted: true }, vars: {} },
      security_context: {
        ja3: 'e7d705a3286e19ea42f587b344ee6865',
        ja4: 't13d1516h2_8daaf6152771_b186095e22b6',
      },
      transaction: { login_hint: 'ada@example.com', correlation_id: 'corr-42', linking_id: 'link-1' },
      request: { asn: '64496' },
    });
    expect(
      await seen(
        '[event.organization.display_name, event.custom_domain.domain, event.prompt.fields.accepted, event.security_context.ja4, event.transaction.login_hint, event.transaction.correlation_id, event.request.asn]',
        event,
      ),
    ).toEqual([
      'Acme Ltd',
      'login.acme.test',
      true,
      't13d1516h2_8daaf6152771_b186095e22b6',
      'ada@example.com',
      'corr-42',
      '64496',
    ]);
    // Absent by default, as on a login with no organization, custom domain, form or Cloudflare.
    expect(
      await seen(
        '[event.organization, event.custom_domain, event.prompt, event.security_context].map(String)',
      ),
    ).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  });

  it('Auth0 describes the session with its device, clients, cookie mode and metadata', async () => {
    const session = (await seen('event.session')) as NonNullable<PostLoginEvent['session']>;
    expect(session).toMatchObject({
      id: expect.any(String),
      authenticated_at: DEFAULT_SESSION_START,
      device: { initial_ip: expect.any(String), last_ip: expect.any(String) },
      clients: [{ client_id: buildEvent().client.client_id }],
      cookie: { mode: 'persistent' },
      metadata: {},
    });
  });

  it('Auth0 reports when each authentication method was completed in the session, not when the Action runs', async () => {
    const event = buildEvent();
    const methods = (await seen('event.authentication.methods', event)) as Array<{ timestamp: string }>;
    expect(methods).toEqual([{ name: 'pwd', timestamp: DEFAULT_SESSION_START }]);
    const later = buildEvent({
      authentication: {
        methods: [
          { name: 'pwd', timestamp: '2026-01-15T09:30:00.000Z' },
          { name: 'mfa', type: 'otp', timestamp: '2026-01-15T09:31:10.000Z' },
        ],
      },
    });
    expect(await seen('event.authentication.methods.map((m) => m.timestamp)', later)).toEqual([
      '2026-01-15T09:30:00.000Z',
      '2026-01-15T09:31:10.000Z',
    ]);
  });
});

describe('the ID token from the event', () => {
  it('Auth0 puts given_name and family_name in the ID token with the profile scope, and leaves them out without it', async () => {
    const withProfile = await runBundledAction(reading('1'), buildEvent());
    expect(withProfile.idToken?.payload).toMatchObject({ given_name: 'Ada', family_name: 'Lovelace' });
    const without = await runBundledAction(
      reading('1'),
      buildEvent({ transaction: { requested_scopes: ['openid'] } }),
    );
    expect(without.idToken?.payload).not.toHaveProperty('given_name');
    expect(without.idToken?.payload).not.toHaveProperty('family_name');
  });

  it('Auth0 puts phone_number and phone_number_verified in the ID token with the phone scope', async () => {
    const outcome = await runBundledAction(
      reading('1'),
      buildEvent({ transaction: { requested_scopes: ['openid', 'phone'] } }),
    );
    expect(outcome.idToken?.payload).toMatchObject({
      phone_number: '+447700900123',
      phone_number_verified: false,
    });
  });
});
