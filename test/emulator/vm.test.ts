import { describe, expect, it } from 'vitest';
import { buildEvent, loadBundledAction, MAX_LOG_CHARS_PER_ACTION } from '../../emulator/actions/index.ts';

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
      /E_ACTION_LOAD_FAILED: .*Cannot find module 'lodash': Action .* declares no dependency on lodash/,
    );
  });

  it('accepts a handler exported through module.exports and sees Node globals', async () => {
    const action = await loadBundledAction({
      name: 'node-style',
      code: "module.exports = { onExecutePostLogin: async (event, api) => { api.idToken.setCustomClaim('https://c.test/g', [global === globalThis, typeof Buffer, typeof structuredClone, typeof URL, typeof TextEncoder, typeof crypto.randomUUID, typeof setTimeout]); } };",
    });
    expect((await action.run(buildEvent())).idToken?.payload['https://c.test/g']).toEqual([
      true,
      'function',
      'function',
      'function',
      'function',
      'function',
      'function',
    ]);
  });

  it('says to build first when the bundle file is missing', async () => {
    await expect(loadBundledAction('/nonexistent/post-login-claims.js')).rejects.toThrow(
      /E_ACTION_LOAD_FAILED: cannot read the Action bundle .*ENOENT.*npm run build/,
    );
  });

  it('refuses a bundle without onExecutePostLogin', async () => {
    await expect(loadBundledAction({ name: 'empty', code: 'exports.other = 1;' })).rejects.toThrow(
      /E_ACTION_INVALID/,
    );
  });

  it('Auth0 keeps the first 256 characters of console output per Action and execution', async () => {
    const action = await loadBundledAction(
      inline(
        'logger',
        "console.log('user %s', event.user.nickname); console.warn('y'.repeat(300)); console.log('after the limit');",
      ),
    );
    const first = await action.run(buildEvent());
    const kept = 'y'.repeat(MAX_LOG_CHARS_PER_ACTION - 'user ada'.length);
    expect(first.logs.slice(0, 2)).toEqual(['user ada', kept]);
    expect(first.logs[2]).toMatch(
      /^\[local Actions runtime\] logger wrote 67 more characters .* the 256 Auth0 stores per Action and execution/,
    );
    expect(first.logs).toHaveLength(3);
    // Each login (execution) starts again at 256.
    expect((await action.run(buildEvent())).logs.slice(0, 2)).toEqual(['user ada', kept]);
  });

  it("writes an Action's console output without colour, whatever the host's terminal asks", async () => {
    const action = await loadBundledAction(
      inline('colours', "console.log({ plan: 'pro', beta: true }, 7); console.error(new Map([[1, 'a']]));"),
    );
    const forced = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = '3';
    try {
      expect((await action.run(buildEvent())).logs).toEqual([
        "{ plan: 'pro', beta: true } 7",
        "Map(1) { 1 => 'a' }",
      ]);
    } finally {
      if (forced === undefined) delete process.env.FORCE_COLOR;
      else process.env.FORCE_COLOR = forced;
    }
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

  it("answers fetch with the caller's fetch, and fails the login on a request nothing answers", async () => {
    const action = await loadBundledAction(
      inline(
        'fetcher',
        "try { const r = await fetch('https://api.test/x'); api.idToken.setCustomClaim('https://c.test/s', r.status); } catch (e) { console.log(e instanceof TypeError, e.message); }",
      ),
    );
    const refused = await action.run(buildEvent());
    expect(refused.logs[0]).toMatch(/^true fetch failed: GET https:\/\/api.test\/x reached no msw handler/);
    expect(refused.error?.message).toMatch(
      /^fetcher sent GET https:\/\/api.test\/x, which no msw handler answers/,
    );
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

  it('settles a handler that returns a value, throws at once, rejects after an await or overruns, watched or not', async () => {
    const handler = (name: string, body: string, isAsync = true) => ({
      name,
      code: `exports.onExecutePostLogin = ${isAsync ? 'async ' : ''}(event, api) => {\n${body}\n};`,
    });
    for (const watchdog of [true, false]) {
      const plain = await loadBundledAction(
        handler(
          'plain',
          `api.idToken.setCustomClaim('${NS}p', 1); console.log('x'.repeat(300)); return 7;`,
          false,
        ),
        { watchdog },
      );
      const done = await plain.run(buildEvent());
      expect(done.idToken?.payload[`${NS}p`]).toBe(1);
      expect(done.logs[1]).toMatch(/^\[local Actions runtime\] plain wrote 44 more characters/);
      const thrower = await loadBundledAction(handler('thrower', "throw new TypeError('at once');", false), {
        watchdog,
      });
      expect((await thrower.run(buildEvent())).error).toEqual({
        message: 'at once',
        action: 'thrower',
        source: { file: 'thrower.js', line: 2, column: 7 },
      });
      const late = await loadBundledAction(
        handler(
          'late',
          "await new Promise((r) => setTimeout(r, 5)); console.log('y'.repeat(260)); throw new Error('later');",
        ),
        { watchdog },
      );
      const failed = await late.run(buildEvent());
      expect(failed.error).toMatchObject({ message: 'later', action: 'late', source: { line: 2 } });
      expect(failed.logs[1]).toMatch(/^\[local Actions runtime\] late wrote 4 more characters/);
      const slow = await loadBundledAction(
        handler('slow', 'await new Promise((r) => setTimeout(r, 5000));'),
        {
          watchdog,
        },
      );
      const started = performance.now();
      const overran = await slow.run(buildEvent(), { timeoutMs: 40 });
      expect(overran.error?.message).toMatch(/^slow did not finish within the flow's time limit of 40 ms/);
      expect(performance.now() - started).toBeLessThan(1_000);
    }
  });
});
