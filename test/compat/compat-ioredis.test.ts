import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INSTALL_HINT, REDIS_SERVER, startRedis, type TestRedis } from '../../bench/redis-server.ts';
import { buildEvent } from '../../emulator/actions/index.ts';
import { compatSecrets, loadCompatAction, NS } from './compat-fixture.ts';

// ioredis (declared 5.9.2) from inside an Action, against a real redis-server on loopback: the
// client the module code keeps is reused by later logins, as on a warm Auth0 instance. In the e2e
// project: each file there has its own worker, which ends with the client the Action left open.

let redis: TestRedis | undefined;
beforeAll(async () => {
  if (REDIS_SERVER !== undefined) redis = await startRedis();
});
afterAll(() => redis?.stop());

describe.skipIf(REDIS_SERVER === undefined)(
  `ioredis in an Action (needs redis-server: ${INSTALL_HINT})`,
  () => {
    it('counts sign-ins per day in Redis and denies the one over the daily limit', async () => {
      const action = await loadCompatAction(
        'daily-limit-ioredis',
        compatSecrets({ REDIS_URL: redis?.url ?? '', DAILY_LIMIT: '2' }),
      );
      const event = buildEvent({ user: { user_id: `auth0|limit-${Date.now()}` } });
      const first = await action.run(event);
      expect(first.error).toBeUndefined();
      expect(first.idToken?.payload[`${NS}logins_today`]).toBe(1);
      expect((await action.run(event)).idToken?.payload[`${NS}logins_today`]).toBe(2);
      const third = await action.run(event);
      expect(third.denied).toEqual({ reason: 'Too many sign-ins today' });
      expect(third.idToken).toBeUndefined();
      // Another user has a count of their own.
      const other = await action.run(buildEvent({ user: { user_id: `auth0|other-${Date.now()}` } }));
      expect(other.idToken?.payload[`${NS}logins_today`]).toBe(1);
    });
  },
);
