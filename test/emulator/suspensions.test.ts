import { describe, expect, it } from 'vitest';
import {
  buildEvent,
  DEFAULT_SESSION_START,
  loadBundledAction,
  runPostLoginFlow,
  type SuspendedLogin,
} from '../../emulator/actions/index.ts';

const NS = 'https://c.test/';
const NOW = Date.UTC(2026, 0, 15, 10, 0);
const action = (name: string, body: string, more = '') =>
  loadBundledAction({
    name,
    code: `exports.onExecutePostLogin = async (event, api) => {\n${body}\n};\n${more}`,
  });
const withOtp = buildEvent({ user: { enrolledFactors: [{ type: 'otp' }, { type: 'phone' }] } });

const suspendedOf = (outcome: { suspended?: SuspendedLogin }): SuspendedLogin => {
  if (!outcome.suspended) throw new Error('the login was not suspended');
  return outcome.suspended;
};

describe('where Auth0 suspends a login', () => {
  it('Auth0 pauses the flow after an Action that calls challengeWith, and runs the next Action once the factor is done', async () => {
    const first = await action(
      'challenge',
      `api.idToken.setCustomClaim('${NS}one', 1); api.authentication.challengeWith({ type: 'otp' }, { additionalFactors: [{ type: 'email' }] });`,
    );
    const second = await action(
      'after',
      `api.idToken.setCustomClaim('${NS}mfa', event.authentication.methods.map((m) => m.type ?? m.name));`,
    );
    const paused = await runPostLoginFlow([first, second], withOtp, { now: () => NOW });
    const suspended = suspendedOf(paused);
    expect(suspended).toMatchObject({
      kind: 'mfa-challenge',
      action: 'challenge',
      resumeWith: 'next-action',
      // email is not enrolled: Auth0 ignores it.
      factors: [{ type: 'otp' }],
      pickFactor: false,
    });
    expect(paused.skipped).toEqual(['after']);
    expect(paused.idToken).toBeUndefined();
    // The caller completes the factor and hands the resumed login the method with its time.
    const done = buildEvent({
      user: { enrolledFactors: [{ type: 'otp' }] },
      authentication: {
        methods: [
          { name: 'pwd', timestamp: DEFAULT_SESSION_START },
          { name: 'mfa', type: 'otp', timestamp: new Date(NOW).toISOString() },
        ],
      },
    });
    const resumed = await runPostLoginFlow([first, second], done, { now: () => NOW, resume: suspended });
    expect(resumed.idToken?.payload).toMatchObject({ [`${NS}one`]: 1, [`${NS}mfa`]: ['pwd', 'otp'] });
  });

  it('Auth0 fails the login when none of the requested factors is enrolled', async () => {
    const only = await action(
      'challenge',
      `api.authentication.challengeWithAny([{ type: 'webauthn-roaming' }]);`,
    );
    const outcome = await runPostLoginFlow([only], withOtp);
    expect(outcome.error?.message).toMatch(/no factor the user can complete/);
    expect(outcome.suspended).toBeUndefined();
  });

  it('Auth0 pauses for MFA enrollment with the factors the user has not enrolled yet', async () => {
    const enroll = await action(
      'enroll',
      `api.authentication.enrollWithAny([{ type: 'otp' }, { type: 'webauthn-platform' }]);`,
    );
    const suspended = suspendedOf(await runPostLoginFlow([enroll], withOtp));
    expect(suspended).toMatchObject({
      kind: 'mfa-enrollment',
      factors: [{ type: 'webauthn-platform' }],
      pickFactor: true,
    });
  });

  it('Auth0 runs at most four challenge or enroll commands in one login', async () => {
    const many = await action(
      'many',
      `for (let i = 0; i < 5; i++) { try { api.authentication.challengeWith({ type: 'otp' }); } catch (e) { console.log(e.message); } }`,
    );
    const outcome = await runPostLoginFlow([many], withOtp);
    expect(outcome.logs).toEqual(['Actions may run at most 4 challenge or enroll commands per login.']);
  });

  it('Auth0 challenges MFA asked with multifactor.enable after the last Action, unless the session already did MFA', async () => {
    const enable = await action('enable', `api.multifactor.enable('any', { allowRememberBrowser: true });`);
    const last = await action('last', `api.idToken.setCustomClaim('${NS}last', true);`);
    const paused = await runPostLoginFlow([enable, last], buildEvent());
    const suspended = suspendedOf(paused);
    expect(suspended).toMatchObject({
      kind: 'mfa-challenge',
      action: 'last',
      provider: 'any',
      resumeWith: 'next-action',
    });
    expect(suspended.idTokenClaims).toEqual({ [`${NS}last`]: true });
    const resumed = await runPostLoginFlow([enable, last], buildEvent(), { resume: suspended });
    expect(resumed.idToken?.payload[`${NS}last`]).toBe(true);
    const already = buildEvent({
      authentication: { methods: [{ name: 'mfa', type: 'otp', timestamp: DEFAULT_SESSION_START }] },
    });
    expect((await runPostLoginFlow([enable, last], already)).idToken).toBeDefined();
  });

  it("Auth0 suspends the login at api.prompt.render and resumes it in the same Action's onContinuePostLogin with the form's data", async () => {
    const form = await action(
      'form',
      `api.transaction.setMetadata('asked', true); api.prompt.render('ap_terms', { vars: { version: '3' } });`,
      `exports.onContinuePostLogin = async (event, api) => { api.idToken.setCustomClaim('${NS}accepted', [event.prompt.fields.accepted, event.transaction.metadata.asked]); };`,
    );
    const suspended = suspendedOf(await runPostLoginFlow([form], buildEvent(), { redirectState: 'st-form' }));
    expect(suspended).toMatchObject({
      kind: 'prompt',
      state: 'st-form',
      resumeWith: 'onContinuePostLogin',
      prompt: { id: 'ap_terms', vars: { version: '3' } },
    });
    const back = buildEvent({ prompt: { id: 'ap_terms', fields: { accepted: true } } });
    const resumed = await runPostLoginFlow([form], back, { resume: suspended });
    expect(resumed.idToken?.payload[`${NS}accepted`]).toEqual([true, true]);
  });

  it('Auth0 refuses api.prompt.render where no user can see a form, as it refuses redirects', async () => {
    const form = await action(
      'form',
      `try { api.prompt.render('ap_terms'); } catch (e) { console.log(e.message); }`,
    );
    const outcome = await runPostLoginFlow(
      [form],
      buildEvent({ transaction: { protocol: 'oauth2-refresh-token' } }),
    );
    expect(outcome.logs[0]).toMatch(/Prompts are not allowed in the oauth2-refresh-token flow/);
    expect(outcome.suspended).toBeUndefined();
  });

  it('Auth0 records a custom method completed in onContinuePostLogin, stamped when it was completed', async () => {
    const custom = await action(
      'custom',
      `api.redirect.sendUserTo('https://mfa.test/start');`,
      `exports.onContinuePostLogin = async (event, api) => { api.authentication.recordMethod('https://mfa.test/done'); };`,
    );
    const suspended = suspendedOf(await runPostLoginFlow([custom], buildEvent(), { now: () => NOW }));
    const later = NOW + 60_000;
    const resumed = await runPostLoginFlow([custom], buildEvent(), { now: () => later, resume: suspended });
    expect(resumed.authenticationMethods).toEqual([
      {
        name: 'https://mfa.test/done',
        url: 'https://mfa.test/done',
        timestamp: new Date(later).toISOString(),
      },
    ]);
    const outside = await action(
      'outside',
      `try { api.authentication.recordMethod('https://mfa.test/done'); } catch (e) { console.log(e.message); }`,
    );
    expect((await runPostLoginFlow([outside], buildEvent())).logs).toEqual([
      'recordMethod is only available in onContinuePostLogin.',
    ]);
  });
});
