import { describe, expect, it, vi } from 'vitest';
import { ActionCache, buildEvent, loadBundledAction } from '../../emulator/actions/index.ts';
import { currentRun, type RunScope } from '../../emulator/actions/run-scope.ts';
import {
  BATCH_DEADLINE_SPREAD_MS,
  type Started,
  startWatched,
} from '../../emulator/actions/watchdog-batch.ts';

const scopeOf = (name: string): RunScope => ({ logs: [name] });
const spin = () => {
  for (;;) {
    // Only the watchdog ends this.
  }
};
const timedOut = (started: Started) =>
  'threw' in started && (started.threw as { code?: unknown }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';

describe('startWatched: handler calls ready in one turn share one watchdog', () => {
  it('starts each call once, in order, in its own run scope, and gives a throw to its own call only', async () => {
    const order: string[] = [];
    const seen: (RunScope | undefined)[] = [];
    const later: Promise<RunScope | undefined>[] = [];
    const deadline = performance.now() + 10_000;
    const call = (name: string) => () => {
      order.push(name);
      seen.push(currentRun.getStore());
      // What the handler does after its first await still finds its own run.
      later.push(Promise.resolve().then(() => currentRun.getStore()));
      if (name === 'b') throw new TypeError('b broke');
      return name;
    };
    const scopes = ['a', 'b', 'c'].map(scopeOf);
    const results = await Promise.all(
      ['a', 'b', 'c'].map((name, index) => startWatched(call(name), scopes[index] as RunScope, deadline)),
    );
    expect(order).toEqual(['a', 'b', 'c']);
    expect(results[0]).toEqual({ returned: 'a' });
    expect((results[1] as { threw: Error }).threw).toBeInstanceOf(TypeError);
    expect(results[2]).toEqual({ returned: 'c' });
    expect(seen).toEqual(scopes);
    expect(await Promise.all(later)).toEqual(scopes);
    expect(currentRun.getStore()).toBeUndefined();
  });

  it('stops the call that spins, keeps what the calls before it returned, and starts those after it once', async () => {
    const starts: string[] = [];
    const now = performance.now();
    const own = now + 100;
    const results = await Promise.all([
      startWatched(() => starts.push('before'), scopeOf('before'), now + 98),
      startWatched(
        () => {
          starts.push('spinner');
          spin();
        },
        scopeOf('spinner'),
        own,
      ),
      startWatched(() => starts.push('after'), scopeOf('after'), now + 99),
    ]);
    expect(results[0]).toEqual({ returned: 1 });
    expect(timedOut(results[1] as Started)).toBe(true);
    // The call after it starts once, under a watchdog of its own. Its deadline has passed by then (the
    // batch's watchdog fired at the latest one), so a machine that stalls past that watchdog's 1 ms
    // may stop it too: then it fails as overrun, and still never starts twice.
    const after = results[2] as Started;
    expect(starts.slice(0, 2)).toEqual(['before', 'spinner']);
    if (timedOut(after)) expect(starts.length).toBeLessThanOrEqual(3);
    else {
      expect(after).toEqual({ returned: 3 });
      expect(starts).toEqual(['before', 'spinner', 'after']);
    }
  });

  it('never stops a call before its own deadline, though a call beside it has an earlier one', async () => {
    const now = performance.now();
    const own = now + 60 + BATCH_DEADLINE_SPREAD_MS;
    let stoppedAt = 0;
    const [quick, spinner] = await Promise.all([
      startWatched(() => 'quick', scopeOf('quick'), now + 60),
      startWatched(spin, scopeOf('spinner'), own).then((started) => {
        stoppedAt = performance.now();
        return started;
      }),
    ]);
    expect(quick).toEqual({ returned: 'quick' });
    expect(timedOut(spinner as Started)).toBe(true);
    expect(stoppedAt).toBeGreaterThanOrEqual(own);
  });

  it('stops a spinning call near its own deadline, though a call queued beside it has far longer', async () => {
    const now = performance.now();
    let stoppedAt = 0;
    const [spinner, patient] = await Promise.all([
      startWatched(spin, scopeOf('spinner'), now + 50).then((started) => {
        stoppedAt = performance.now();
        return started;
      }),
      startWatched(() => 'patient', scopeOf('patient'), now + 20_000),
    ]);
    expect(timedOut(spinner as Started)).toBe(true);
    expect(patient).toEqual({ returned: 'patient' });
    // A shared watchdog would have let it spin for 20 s; the margin is for a loaded machine.
    expect(stoppedAt - now).toBeLessThan(2_000);
  });
});

const inline = (name: string, body: string, handler = 'async (event, api) =>') => ({
  name,
  code: `exports.onExecutePostLogin = ${handler} {\n${body}\n};`,
});
const NS = 'https://c.test/';

describe('concurrent logins through the batched watchdog', () => {
  it('fails only the login whose Action spins, and the others of the same turn, in other realms, go on', async () => {
    const spinner = await loadBundledAction(inline('spinner', 'while (true) {}'));
    const claims = await loadBundledAction(
      inline(
        'claims',
        `try { api.idToken.setCustomClaim('scope', 1); } catch (e) { console.log(e instanceof Error); }
api.idToken.setCustomClaim('${NS}who', event.user.nickname);`,
      ),
    );
    const thrower = await loadBundledAction(
      inline('thrower', "throw new RangeError('not now');", '(event, api) =>'),
    );
    const [ada, spun, thrown, bob] = await Promise.all([
      claims.run(buildEvent({ user: { nickname: 'ada' } })),
      spinner.run(buildEvent(), { timeoutMs: 50 }),
      thrower.run(buildEvent()),
      claims.run(buildEvent({ user: { nickname: 'bob' } })),
    ]);
    expect(ada?.idToken?.payload[`${NS}who`]).toBe('ada');
    expect(ada?.logs).toEqual(['true']);
    expect(bob?.idToken?.payload[`${NS}who`]).toBe('bob');
    expect(bob?.logs).toEqual(['true']);
    expect(spun?.error?.message).toMatch(/^spinner did not finish within the flow's time limit of 50 ms/);
    expect(thrown?.error).toMatchObject({ message: 'not now', action: 'thrower' });
  });

  it("answers each login's requests with its own fetch when their handlers start together", async () => {
    const action = await loadBundledAction(
      inline('fetcher', `api.idToken.setCustomClaim('${NS}s', (await fetch('https://api.test/x')).status);`),
    );
    const answer = (status: number) => async () => new Response(null, { status });
    const outcomes = await Promise.all(
      [201, 202, 203].map((status) => action.run(buildEvent(), { fetch: answer(status) })),
    );
    expect(outcomes.map((outcome) => outcome.idToken?.payload[`${NS}s`])).toEqual([201, 202, 203]);
  });

  it("runs a login in a test that fakes the timers, which the batch's own turns do not wait for", async () => {
    const action = await loadBundledAction(inline('faked', `api.idToken.setCustomClaim('${NS}t', 1);`));
    vi.useFakeTimers();
    try {
      expect((await action.run(buildEvent())).idToken?.payload[`${NS}t`]).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('calls the handler at once, unbatched, where the watchdog is off (the audit)', async () => {
    const body = "api.cache.set('ran', 'yes');";
    for (const watchdog of [false, true]) {
      const cache = new ActionCache();
      const action = await loadBundledAction(inline('direct', body), { watchdog, cache });
      const outcome = action.run(buildEvent());
      expect(cache.get('ran', Date.now())?.value).toBe(watchdog ? undefined : 'yes');
      await outcome;
      expect(cache.get('ran', Date.now())?.value).toBe('yes');
    }
  });
});
