import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildEvent, DEFAULT_TENANT_DOMAIN } from '../../emulator/actions/index.ts';
import { COMPAT_VALUES, loadCompatAction, NS } from './compat-fixture.ts';

// Actions in the styles teams bring that need no npm module: vendor calls with the runtime's fetch
// (answered by the `fetch` option), MFA, a redirect with signed tokens, a form, api.cache, deny and
// role claims. Each test checks what the user would see.

const NOW = Date.UTC(2026, 0, 15, 9, 30);

const json = (body: unknown) => Response.json(body);

describe('Actions in the styles teams bring', () => {
  it('roles go into both tokens under the namespace', async () => {
    const action = await loadCompatAction('roles-claim');
    const outcome = await action.run(buildEvent({ authorization: { roles: ['editor', 'billing'] } }));
    expect(outcome.idToken?.payload[`${NS}roles`]).toEqual(['editor', 'billing']);
    expect(outcome.accessToken?.payload[`${NS}roles`]).toEqual(['editor', 'billing']);
  });

  it('a sign-in from a blocked country is denied with the reason; others get their tokens', async () => {
    const action = await loadCompatAction('country-block-deny');
    const blocked = await action.run(buildEvent({ request: { geoip: { countryCode: 'KP' } } }));
    expect(blocked.denied).toEqual({ reason: 'Sign-in from KP is not allowed' });
    expect(blocked.idToken).toBeUndefined();
    const allowed = await action.run(buildEvent({ request: { geoip: { countryCode: 'GB' } } }));
    expect(allowed.denied).toBeUndefined();
    expect(allowed.idToken).toBeDefined();
  });

  it('an administrator is asked for MFA before any token; a user who already did MFA is not', async () => {
    const action = await loadCompatAction('admin-step-up-mfa');
    const admin = await action.run(
      buildEvent({ authorization: { roles: ['admin'] }, user: { enrolledFactors: [{ type: 'otp' }] } }),
    );
    expect(admin.idToken).toBeUndefined();
    expect(admin.suspended).toMatchObject({ kind: 'mfa-challenge', provider: 'any' });
    expect(admin.multifactor).toEqual({ provider: 'any', allowRememberBrowser: false });
    const done = await action.run(
      buildEvent({
        authorization: { roles: ['admin'] },
        authentication: { methods: [{ name: 'mfa', timestamp: '2026-01-15T09:31:00.000Z' }] },
      }),
    );
    expect(done.suspended).toBeUndefined();
    expect(done.idToken).toBeDefined();
  });

  it('a redirect sends the user to the terms site with a signed token; the signed answer records acceptance', async () => {
    const action = await loadCompatAction('terms-redirect');
    const secret = String(COMPAT_VALUES.TERMS_SECRET);
    const first = await action.run(buildEvent(), { now: () => NOW, redirectState: 'st-terms' });
    const url = new URL(first.redirect?.url ?? 'about:blank');
    expect(url.origin + url.pathname).toBe(COMPAT_VALUES.TERMS_URL);
    expect(url.searchParams.get('state')).toBe('st-terms');
    expect(first.suspended?.kind).toBe('redirect');
    const user = buildEvent().user;
    const answer = await new SignJWT({ accepted: true, state: 'st-terms' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.user_id)
      .setIssuer(DEFAULT_TENANT_DOMAIN)
      .setIssuedAt(NOW / 1000)
      .setExpirationTime(NOW / 1000 + 300)
      .sign(new TextEncoder().encode(secret));
    const back = await action.continue(
      buildEvent({ request: { query: { state: 'st-terms', session_token: answer } } }),
      first.suspended ?? (undefined as never),
      { now: () => NOW },
    );
    expect(back.error).toBeUndefined();
    expect(back.metadataWrites.app_metadata).toEqual({ terms_version: COMPAT_VALUES.TERMS_VERSION });
    expect(back.idToken).toBeDefined();
  });

  it('a form asks a user with no company for one; the answer is saved and put in the ID token', async () => {
    const action = await loadCompatAction('company-profile-form');
    const first = await action.run(buildEvent());
    expect(first.suspended).toMatchObject({
      kind: 'prompt',
      prompt: { id: COMPAT_VALUES.FORM_ID, fields: { email: 'ada@example.com' } },
    });
    const answered = await action.continue(
      buildEvent({
        prompt: { id: String(COMPAT_VALUES.FORM_ID), fields: { company: ' Analytical Engines ' } },
      }),
      first.suspended ?? (undefined as never),
    );
    expect(answered.metadataWrites.user_metadata).toEqual({ company: 'Analytical Engines' });
    expect(answered.idToken?.payload[`${NS}company`]).toBe('Analytical Engines');
    const known = await action.run(buildEvent({ user: { user_metadata: { company: 'Known' } } }));
    expect(known.suspended).toBeUndefined();
  });

  it('api.cache keeps the vendor token: two logins, one token request, both get their entitlements', async () => {
    const action = await loadCompatAction('entitlements-cached-token');
    const requests: string[] = [];
    const vendor = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      requests.push(`${request.method} ${new URL(request.url).pathname}`);
      if (request.url.endsWith('/oauth/token')) {
        const form = new URLSearchParams(await request.text());
        expect(form.get('client_secret')).toBe(COMPAT_VALUES.VENDOR_CLIENT_SECRET);
        return json({ access_token: 'vendor-at-1', expires_in: 3600 });
      }
      expect(request.headers.get('authorization')).toBe('Bearer vendor-at-1');
      return json({ features: ['reports', 'exports'] });
    };
    for (let login = 0; login < 2; login++) {
      const outcome = await action.run(buildEvent(), { fetch: vendor as typeof fetch });
      expect(outcome.accessToken?.payload[`${NS}entitlements`]).toEqual(['reports', 'exports']);
    }
    expect(requests.filter((line) => line === 'POST /oauth/token')).toHaveLength(1);
    expect(requests).toHaveLength(3);
  });
});
