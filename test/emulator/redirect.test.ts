import { decodeProtectedHeader, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  buildEvent,
  DEFAULT_TENANT_DOMAIN,
  loadBundledAction,
  runPostLoginFlow,
  type SuspendedLogin,
} from '../../emulator/actions/index.ts';

const NS = 'https://c.test/';
const SECRET = 'a-redirect-secret-of-32-bytes-ok!';
const key = new TextEncoder().encode(SECRET);
const NOW = Date.UTC(2026, 0, 15, 9, 30);
const clock = () => NOW;

// Encodes a token for the external site, sends the user there; on return, validates what came back.
const TERMS_ACTION = {
  name: 'terms',
  code: `
exports.onExecutePostLogin = async (event, api) => {
  api.idToken.setCustomClaim('${NS}before', 1);
  const token = api.redirect.encodeToken({ secret: event.secrets.SECRET, payload: { email: event.user.email } });
  api.redirect.sendUserTo('https://terms.test/accept', { query: { session_token: token } });
};
exports.onContinuePostLogin = async (event, api) => {
  try {
    const back = api.redirect.validateToken({ secret: event.secrets.SECRET, tokenParameterName: event.secrets.PARAM });
    api.idToken.setCustomClaim('${NS}terms', back.accepted);
  } catch (error) {
    console.log(error.message);
    api.access.deny('terms not accepted');
  }
};`,
};
const load = (secrets: Record<string, string> = {}) =>
  loadBundledAction(TERMS_ACTION, { secrets: { SECRET, ...secrets } });

/** Runs the login up to the redirect; answers the URL the user was sent to and the suspended login. */
const redirected = async (action: Awaited<ReturnType<typeof load>>) => {
  const later = await loadBundledAction({
    name: 'later',
    code: `exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim('${NS}later', true); };`,
  });
  const outcome = await runPostLoginFlow([action, later], buildEvent(), {
    now: clock,
    redirectState: 'st-1',
  });
  if (!outcome.suspended || !outcome.redirect) throw new Error('the login was not suspended');
  return { outcome, later, url: new URL(outcome.redirect.url), suspended: outcome.suspended };
};

/** What the external site sends back: its own HS256 token with the state, signed with jose. */
// What the external site sends back: a token for the user logging in (buildEvent's), signed with the secret.
const answer = (claims: Record<string, unknown>, expiresInSeconds = 300, secret = key) =>
  new SignJWT({ sub: 'auth0|65a4f0c2e1d3b4a5c6d7e8f9', iss: 'terms.test', ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(NOW / 1000)
    .setExpirationTime(NOW / 1000 + expiresInSeconds)
    .sign(secret);

const continueEvent = (params: Record<string, string>, where: 'query' | 'body' = 'query') =>
  buildEvent({ request: { [where]: params } });

describe('api.redirect', () => {
  it('Auth0 encodes an HS256 redirect token with the payload plus iss, sub, the documented ip claim, iat and a 15-minute exp', async () => {
    const action = await load();
    const { url, outcome } = await redirected(action);
    expect(url.origin + url.pathname).toBe('https://terms.test/accept');
    expect(url.searchParams.get('state')).toBe('st-1');
    const token = url.searchParams.get('session_token') ?? '';
    expect(decodeProtectedHeader(token).alg).toBe('HS256');
    const { payload } = await jwtVerify(token, key, { currentDate: new Date(NOW) });
    expect(payload).toEqual({
      email: 'ada@example.com',
      iss: DEFAULT_TENANT_DOMAIN,
      sub: buildEvent().user.user_id,
      ip: buildEvent().request.ip,
      iat: NOW / 1000,
      exp: NOW / 1000 + 900,
    });
    const encodeCall = outcome.calls.find((call) => call.method === 'redirect.encodeToken');
    expect(JSON.stringify(encodeCall)).not.toContain(SECRET);
  });

  it('Auth0 suspends the flow at a redirect: no tokens, later Actions wait, claims so far kept', async () => {
    const { outcome, suspended } = await redirected(await load());
    expect(outcome.idToken).toBeUndefined();
    expect(outcome.skipped).toEqual(['later']);
    expect(suspended).toMatchObject({
      action: 'terms',
      state: 'st-1',
      idTokenClaims: { [`${NS}before`]: 1 },
    });
  });

  it('Auth0 resumes a redirected login through onContinuePostLogin, then runs the later Actions', async () => {
    const action = await load();
    const { later, suspended } = await redirected(action);
    const back = await answer({ state: 'st-1', accepted: 'v3' });
    const outcome = await runPostLoginFlow(
      [action, later],
      continueEvent({ state: 'st-1', session_token: back }),
      {
        now: clock,
        resume: suspended,
      },
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.idToken?.payload).toMatchObject({
      [`${NS}before`]: 1,
      [`${NS}terms`]: 'v3',
      [`${NS}later`]: true,
    });
    expect(outcome.calls.map((call) => [call.action, call.method, call.result])).toEqual([
      ['terms', 'redirect.validateToken', 'applied'],
      ['terms', 'idToken.setCustomClaim', 'applied'],
      ['later', 'idToken.setCustomClaim', 'applied'],
    ]);
  });

  it('reads the token from the body under the parameter name the Action gives', async () => {
    const action = await load({ PARAM: 'result' });
    const { suspended } = await redirected(action);
    const back = await answer({ state: 'st-1', accepted: 'body' });
    const outcome = await action.continue(continueEvent({ state: 'st-1', result: back }, 'body'), suspended, {
      now: clock,
    });
    expect(outcome.idToken?.payload[`${NS}terms`]).toBe('body');
  });

  it('Auth0 refuses a returned token with the wrong signature, state or algorithm, expired, or missing', async () => {
    const action = await load();
    const { suspended } = await redirected(action);
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"state":"st-1","exp":9999999999}').toString('base64url')}.`;
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { session_token: await answer({ state: 'st-1' }, 300, new TextEncoder().encode('another-secret')) },
        /signature/,
      ],
      [
        { session_token: await answer({ state: 'other' }) },
        /State in the token does not match the \/continue state/,
      ],
      [{ session_token: await answer({ state: 'st-1' }, 0) }, /expired/],
      [{ session_token: unsigned }, /signed with none, not HS256/],
      [{}, /carries no session_token parameter/],
    ];
    for (const [params, reason] of cases) {
      const outcome = await action.continue(continueEvent({ state: 'st-1', ...params }), suspended, {
        now: clock,
      });
      expect(outcome.denied).toEqual({ reason: 'terms not accepted' });
      expect(outcome.logs[0]).toMatch(/^The session token is invalid: /);
      expect(outcome.logs[0]).toMatch(reason);
    }
  });

  it('Auth0 refuses a returned token without iat, exp, sub or iss, or whose sub is another user', async () => {
    const action = await load();
    const { suspended } = await redirected(action);
    const withoutIat = await new SignJWT({
      state: 'st-1',
      sub: 'auth0|65a4f0c2e1d3b4a5c6d7e8f9',
      iss: 'terms.test',
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(NOW / 1000 + 300)
      .sign(key);
    const cases: Array<[string, RegExp]> = [
      [withoutIat, /Missing or invalid standard claims: the token carries no iat\.$/],
      [
        await answer({ state: 'st-1', sub: 'auth0|mallory' }),
        /Missing or invalid standard claims: sub must be the user's id/,
      ],
      [
        await answer({ state: 'st-1', iss: '' }),
        /Missing or invalid standard claims: iss must be a non-empty string/,
      ],
    ];
    for (const [session_token, reason] of cases) {
      const outcome = await action.continue(continueEvent({ state: 'st-1', session_token }), suspended, {
        now: clock,
      });
      expect(outcome.denied).toEqual({ reason: 'terms not accepted' });
      expect(outcome.logs[0]).toMatch(/^The session token is invalid: /);
      expect(outcome.logs[0]).toMatch(reason);
    }
  });

  it('fails the resumed login when the Action has no onContinuePostLogin', async () => {
    const action = await loadBundledAction({
      name: 'one-way',
      code: "exports.onExecutePostLogin = async (event, api) => { api.redirect.sendUserTo('https://x.test/'); };",
    });
    const first = await action.run(buildEvent());
    expect(action.continues).toBe(false);
    const resumed = await action.continue(buildEvent(), first.suspended as SuspendedLogin);
    expect(resumed.error?.message).toMatch(/one-way exports no onContinuePostLogin function/);
    expect(resumed.idToken).toBeUndefined();
  });

  it('fails a resume whose redirecting Action is no longer in the flow, running nothing', async () => {
    const { later, suspended } = await redirected(await load());
    const outcome = await runPostLoginFlow([later], buildEvent(), { resume: suspended });
    expect(outcome.error?.message).toMatch(
      /cannot resume the login: terms, which suspended it, is no longer in the flow/,
    );
    expect(outcome.calls).toEqual([]);
    expect(outcome.idToken).toBeUndefined();
  });

  it('carries any claim name across the redirect, __proto__ included, without touching prototypes', async () => {
    const action = await load();
    const { suspended } = await redirected(action);
    const carried = { ...suspended, idTokenClaims: JSON.parse('{"__proto__":{"polluted":true}}') };
    const back = await answer({ state: 'st-1', accepted: 'x' });
    const outcome = await action.continue(continueEvent({ state: 'st-1', session_token: back }), carried, {
      now: clock,
    });
    expect(Object.hasOwn(outcome.idToken?.payload ?? {}, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(outcome.idToken?.payload)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses validateToken outside onContinuePostLogin and encodeToken without a secret', async () => {
    const action = await loadBundledAction({
      name: 'misuse',
      code: `exports.onExecutePostLogin = async (event, api) => {
        for (const call of [() => api.redirect.validateToken({ secret: 's' }), () => api.redirect.encodeToken({ payload: {} })]) {
          try { call(); } catch (error) { console.log(error.message); }
        }
      };`,
    });
    expect((await action.run(buildEvent())).logs).toEqual([
      'validateToken reads the /continue request: call it in onContinuePostLogin.',
      'encodeToken needs a non-empty secret.',
    ]);
  });
});
