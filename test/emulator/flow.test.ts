import { describe, expect, it } from 'vitest';
import {
  buildEvent,
  loadBundledAction,
  runBundledAction,
  runPostLoginFlow,
} from '../../emulator/actions/index.ts';

const NS = 'https://c.test/';
const inline = (name: string, body: string, prelude = '') => ({
  name,
  code: `${prelude}\nexports.onExecutePostLogin = async (event, api) => {\n${body}\n};`,
});

describe('runBundledAction', () => {
  it('Auth0 fails the login when the handler throws; the emulator names the Action and its line', async () => {
    const outcome = await runBundledAction(
      inline('thrower', "api.user.setUserMetadata('a', 1); throw new Error('boom');"),
      buildEvent(),
    );
    expect(outcome.error).toEqual({
      message: 'boom',
      action: 'thrower',
      source: { file: 'thrower.js', line: 3, column: 41 },
    });
    expect(outcome.idToken).toBeUndefined();
    expect(outcome.metadataWrites).toEqual({ user_metadata: {}, app_metadata: {} });
  });

  it('Auth0 fails the login when the flow overruns its time limit, async or busy', async () => {
    for (const body of ['await new Promise((r) => setTimeout(r, 5000));', 'while (true) {}']) {
      const outcome = await runBundledAction(inline('slow', body), buildEvent(), { timeoutMs: 50 });
      expect(outcome.error?.message).toMatch(/slow did not finish within the flow's time limit of 50 ms/);
    }
  });

  it('hands the Action a fresh event in its own realm and returns host-realm JSON', async () => {
    const event = buildEvent({ user: { app_metadata: { plan: 'pro' } } });
    const outcome = await runBundledAction(
      inline(
        'realm-json',
        "event.user.app_metadata.plan = 'free'; api.idToken.setCustomClaim('https://c.test/o', { list: [1, { a: event.user.app_metadata.plan }], proto: event.user instanceof Object });",
      ),
      event,
    );
    expect(event.user.app_metadata).toEqual({ plan: 'pro' });
    const claim = outcome.idToken?.payload['https://c.test/o'];
    expect(claim).toEqual({ list: [1, { a: 'free' }], proto: true });
    expect(Object.getPrototypeOf(claim)).toBe(Object.prototype);
    expect(outcome.calls[0]?.args[1]).toEqual({ list: [1, { a: 'free' }], proto: true });
  });

  it('makes metadata writes invisible to event.user during the run', async () => {
    const outcome = await runBundledAction(
      inline(
        'meta',
        "api.user.setUserMetadata('theme', 'dark'); console.log(JSON.stringify(event.user.user_metadata));",
      ),
      buildEvent({ user: { user_metadata: { theme: 'light' } } }),
    );
    expect(outcome.logs).toEqual(['{"theme":"light"}']);
    expect(outcome.metadataWrites.user_metadata).toEqual({ theme: 'dark' });
  });

  it('shares the cache across runs of one loaded Action, expiring by the injected clock', async () => {
    const action = await loadBundledAction(
      inline(
        'cacher',
        "const hit = api.cache.get('k'); if (!hit) api.cache.set('k', 'v', { ttl: 1000 }); console.log(hit ? hit.value : 'miss');",
      ),
    );
    let now = 0;
    const clock = () => now;
    expect((await action.run(buildEvent(), { now: clock })).logs).toEqual(['miss']);
    now = 999;
    expect((await action.run(buildEvent(), { now: clock })).logs).toEqual(['v']);
    now = 1000;
    expect((await action.run(buildEvent(), { now: clock })).logs).toEqual(['miss']);
  });

  it('records a refused redirect and still issues tokens when the Action catches it', async () => {
    const outcome = await runBundledAction(
      inline(
        'redirector',
        "try { api.redirect.sendUserTo('https://app.test/x'); } catch { console.log('refused'); }",
      ),
      buildEvent({ transaction: { protocol: 'oauth2-refresh-token' } }),
    );
    expect(outcome.redirect).toMatchObject({
      url: 'https://app.test/x',
      refused: expect.stringContaining('oauth2-refresh-token'),
    });
    expect(outcome.idToken).toBeDefined();
  });
});

describe('runPostLoginFlow', () => {
  it('Auth0 runs bound Actions in order, merging claims and metadata writes', async () => {
    const first = await loadBundledAction(
      inline(
        'first',
        `api.idToken.setCustomClaim('${NS}a', 1); api.user.setUserMetadata('x', 1); api.user.setUserMetadata('y', 1);`,
      ),
    );
    const second = await loadBundledAction(
      inline('second', `api.idToken.setCustomClaim('${NS}b', 2); api.user.setUserMetadata('y', 2);`),
    );
    const outcome = await runPostLoginFlow([first, second], buildEvent());
    expect(outcome.idToken?.payload).toMatchObject({ [`${NS}a`]: 1, [`${NS}b`]: 2 });
    expect(outcome.metadataWrites.user_metadata).toEqual({ x: 1, y: 2 });
    expect(outcome.calls.map((call) => call.action)).toEqual(['first', 'first', 'first', 'second', 'second']);
  });

  it('Auth0 shows each Action only its own secrets', async () => {
    const body = 'console.log(JSON.stringify(event.secrets));';
    const own = await loadBundledAction(inline('own', body), { secrets: { KEY: 'own' } });
    const shared = await loadBundledAction(inline('shared', body));
    const outcome = await runPostLoginFlow([own, shared], buildEvent({ secrets: { KEY: 'event' } }));
    expect(outcome.logs).toEqual(['{"KEY":"own"}', '{"KEY":"event"}']);
  });

  it('ignores api calls an Action makes after its handler settled', async () => {
    const early = await loadBundledAction(
      inline('early', `setTimeout(() => api.idToken.setCustomClaim('${NS}late', 1), 5);`),
    );
    const waiter = await loadBundledAction(inline('waiter', 'await new Promise((r) => setTimeout(r, 20));'));
    const outcome = await runPostLoginFlow([early, waiter], buildEvent());
    expect(outcome.idToken?.payload).not.toHaveProperty(`${NS}late`);
    expect(outcome.calls).toEqual([
      {
        action: 'early',
        method: 'idToken.setCustomClaim',
        args: [`${NS}late`, 1],
        result: 'dropped',
        reason: 'called after the Action finished; Auth0 ignores it',
      },
    ]);
  });

  it('Auth0 finishes the denying Action, skips later ones, saves metadata and issues no tokens', async () => {
    const denier = await loadBundledAction(
      inline(
        'denier',
        "api.access.deny('not today'); api.user.setAppMetadata('denied', true); console.log('still running');",
      ),
    );
    const later = await loadBundledAction(inline('later', "console.log('should not run');"));
    const outcome = await runPostLoginFlow([denier, later], buildEvent());
    expect(outcome.denied).toEqual({ reason: 'not today' });
    expect(outcome.logs).toEqual(['still running']);
    expect(outcome.skipped).toEqual(['later']);
    expect(outcome.metadataWrites.app_metadata).toEqual({ denied: true });
    expect(outcome.idToken).toBeUndefined();
    expect(outcome.accessToken).toBeUndefined();
  });
});
