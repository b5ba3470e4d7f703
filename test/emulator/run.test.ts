import { describe, expect, it } from 'vitest';
import {
  buildEvent,
  loadBundledAction,
  MAX_LOG_LINE_CHARS,
  runBundledAction,
  runPostLoginFlow,
} from '../../emulator/actions/index.ts';

const NS = 'https://c.test/';
const inline = (name: string, body: string, prelude = '') => ({
  name,
  code: `${prelude}\nexports.onExecutePostLogin = async (event, api) => {\n${body}\n};`,
});

describe('loadBundledAction', () => {
  it('runs module code once per loaded Action and the handler once per login', async () => {
    const action = await loadBundledAction(
      inline(
        'counter',
        `logins++; api.idToken.setCustomClaim('${NS}logins', logins);`,
        "let logins = 0; console.log('module loaded');",
      ),
    );
    const first = await action.run(buildEvent());
    const second = await action.run(buildEvent());
    expect(first.idToken?.payload[`${NS}logins`]).toBe(1);
    expect(second.idToken?.payload[`${NS}logins`]).toBe(2);
    expect(action.loadLogs).toEqual(['module loaded']);
    expect(second.logs).toEqual([]);
  });

  it('gives the module a require limited to Node built-ins', async () => {
    const ok = await loadBundledAction(
      inline(
        'builtin',
        `api.idToken.setCustomClaim('${NS}h', hash('x'));`,
        "const { createHash } = require('node:crypto'); const hash = (s) => createHash('sha256').update(s).digest('hex').slice(0, 8);",
      ),
    );
    expect((await ok.run(buildEvent())).idToken?.payload[`${NS}h`]).toBe('2d711642');
    await expect(loadBundledAction(inline('dep', '', "require('lodash');"))).rejects.toThrow(
      /E_ACTION_LOAD_FAILED: .*Cannot find module 'lodash'.*Node built-ins only/,
    );
  });

  it('refuses a bundle without onExecutePostLogin', async () => {
    await expect(loadBundledAction({ name: 'empty', code: 'exports.other = 1;' })).rejects.toThrow(
      /E_ACTION_INVALID/,
    );
  });

  it('captures console output per login, each line cut to 256 characters', async () => {
    const action = await loadBundledAction(
      inline('logger', "console.log('user %s', event.user.nickname); console.warn('y'.repeat(300));"),
    );
    const outcome = await action.run(buildEvent());
    expect(outcome.logs).toEqual(['user ada', 'y'.repeat(MAX_LOG_LINE_CHARS)]);
  });

  it('keeps the logs of overlapping logins apart', async () => {
    const action = await loadBundledAction(
      inline(
        'overlap',
        "console.log('start', event.user.nickname); await new Promise((r) => setTimeout(r, event.stats.logins_count)); console.log('end', event.user.nickname);",
      ),
    );
    const [slow, fast] = await Promise.all([
      action.run(buildEvent({ user: { nickname: 'slow' }, stats: { logins_count: 30 } })),
      action.run(buildEvent({ user: { nickname: 'fast' }, stats: { logins_count: 1 } })),
    ]);
    expect(slow.logs).toEqual(['start slow', 'end slow']);
    expect(fast.logs).toEqual(['start fast', 'end fast']);
  });

  it('refuses fetch unless the caller passes one', async () => {
    const action = await loadBundledAction(
      inline(
        'fetcher',
        "try { const r = await fetch('https://api.test/x'); api.idToken.setCustomClaim('https://c.test/s', r.status); } catch (e) { console.log(e instanceof TypeError, e.message); }",
      ),
    );
    const refused = await action.run(buildEvent());
    expect(refused.logs[0]).toMatch(/^true fetch is disabled in the local Actions runtime/);
    const allowed = await action.run(buildEvent(), {
      fetch: async () => new Response('ok', { status: 201 }),
    });
    expect(allowed.idToken?.payload['https://c.test/s']).toBe(201);
  });

  it('throws api errors in the Action realm, so instanceof works there', async () => {
    const action = await loadBundledAction(
      inline(
        'realm',
        "try { api.accessToken.addScope('a b'); } catch (e) { console.log(e instanceof TypeError, e.message); } try { api.idToken.setCustomClaim('scope', 1); } catch (e) { console.log(e instanceof Error, e.message); }",
      ),
    );
    expect((await action.run(buildEvent())).logs).toEqual([
      'true The scope must not contain white space.',
      'true The "scope" claim cannot be set.',
    ]);
  });
});

describe('runBundledAction', () => {
  it('fails the login, without throwing, when the handler throws', async () => {
    const outcome = await runBundledAction(
      inline('thrower', "api.user.setUserMetadata('a', 1); throw new Error('boom');"),
      buildEvent(),
    );
    expect(outcome.error).toEqual({ message: 'boom' });
    expect(outcome.idToken).toBeUndefined();
    expect(outcome.metadataWrites).toEqual({ user_metadata: {}, app_metadata: {} });
  });

  it('fails the login when the handler overruns the time limit, async or busy', async () => {
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
  it('runs bound Actions in order, merging claims and metadata writes', async () => {
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

  it('finishes the denying Action, skips later ones, saves metadata and issues no tokens', async () => {
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
