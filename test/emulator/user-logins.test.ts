import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import {
  buildEvent,
  createUserLogins,
  DEFAULT_API_AUDIENCE,
  type DeepPartial,
  type LoadedAction,
  loadBundledAction,
} from '../../emulator/actions/index.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';

// createUserLogins is how the audit runs a million users: it must give exactly what `action.run`
// gives for the same login, whatever the user holds, or the audit drifts from the emulator.

const SECRETS = { API_AUDIENCE: DEFAULT_API_AUDIENCE };

/**
 * Reads its orders from the user's metadata, so generated users drive every rule the flow applies:
 * claims on both tokens (restricted names, Auth0's namespaces, `scope`, values with no JSON form),
 * deny, throw, 100 KB overflow, metadata writes, logs; and it hands back what it was handed
 * (the event, and whether its objects belong to its realm), so the hand-over is compared too.
 */
const ORDERS_ACTION = {
  name: 'orders',
  code: `exports.onExecutePostLogin = async (event, api) => {
  const orders = event.user.user_metadata;
  api.idToken.setCustomClaim('https://o.test/event', event);
  api.idToken.setCustomClaim('https://o.test/realm', [
    event instanceof Object, event.user.app_metadata instanceof Object,
    Object.getPrototypeOf(event.user) === Object.prototype, Array.isArray(event.transaction?.requested_scopes),
  ]);
  // What JSON would hide (it writes -0 as 0, Infinity as null): the numbers exactly as handed over.
  api.idToken.setCustomClaim('https://o.test/numbers', Object.values(orders).map((value) =>
    Object.is(value, -0) ? '-0' : typeof value === 'number' ? String(value) : typeof value));
  for (const [key, value] of Object.entries(orders)) {
    if (key.startsWith('id:')) api.idToken.setCustomClaim(key.slice(3), value);
    if (key.startsWith('at:')) api.accessToken.setCustomClaim(key.slice(3), value);
    if (key.startsWith('um:')) api.user.setUserMetadata(key.slice(3), value);
  }
  if (orders.fn) api.idToken.setCustomClaim('https://o.test/fn', () => 1);
  if (orders.big) api.accessToken.setCustomClaim('https://o.test/big', 'x'.repeat(100_001));
  if (orders.log) console.log('user', event.user);
  event.user.user_metadata.seen = true;
  event.request.query.changed = 'by the Action';
  if (orders.deny) api.access.deny(String(orders.deny));
  if (orders.throw) throw new Error(String(orders.throw));
};`,
};

const ORDER_KEYS = [
  'id:https://o.test/a',
  'id:sub',
  'id:https://tenant.auth0.com/x',
  'id:email',
  'id:plain',
  'at:https://o.test/b',
  'at:scope',
  'at:iss',
  'um:theme',
  'um:__proto__',
  'deny',
  'throw',
  'big',
  'fn',
  'log',
  '__proto__',
  'constructor',
  'preferences',
  'display_name',
];

const metadata = fc.dictionary(fc.constantFrom(...ORDER_KEYS), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 6,
});

/** Users as an export holds them: usual profile fields, often odd metadata, sometimes not objects. */
const exportedUser = fc.record(
  {
    user_id: fc.string({ minLength: 1, maxLength: 30 }),
    email: fc.emailAddress(),
    name: fc.string({ maxLength: 40 }),
    email_verified: fc.boolean(),
    logins_count: fc.integer(),
    user_metadata: fc.oneof({ weight: 4, arbitrary: metadata }, { weight: 1, arbitrary: fc.jsonValue() }),
    app_metadata: fc.oneof(
      { weight: 4, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 })) },
      { weight: 1, arbitrary: fc.jsonValue() },
    ),
  },
  { requiredKeys: ['user_id'] },
);

/** The logins the audit and the tests run: our API with both tokens, no API, or another scope set. */
const BASE_EVENTS: DeepPartial<PostLoginEvent>[] = [
  { secrets: SECRETS, resource_server: { identifier: DEFAULT_API_AUDIENCE } },
  { secrets: SECRETS, resource_server: undefined, transaction: { requested_scopes: ['openid'] } },
  { organization: { id: 'org_1', name: 'acme', display_name: 'Acme', metadata: {} } },
];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The user as the audit hands it over: the base user with the exported fields over it. */
const asLoginUser = (base: PostLoginEvent, user: Record<string, unknown>): PostLoginEvent['user'] => ({
  ...base.user,
  ...user,
  user_metadata: isRecord(user.user_metadata) ? user.user_metadata : {},
  app_metadata: isRecord(user.app_metadata) ? user.app_metadata : {},
});

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/**
 * Numbers JSON.parse reads apart from what JSON.stringify writes back (-0, overflow to Infinity),
 * and ordinary ones, written into a line as raw JSON text.
 */
const RAW_NUMBERS = [
  '-0',
  '-0.0',
  '0e5',
  '-0e-3',
  '1e400',
  '-1E+999',
  '1e-400',
  '1.5e3',
  '-0.05',
  '12345678901234567890',
];
const RAW_MARK = 'raw-number:';

/** An export line: the user's JSON with some values swapped for raw number text, as a file may hold. */
const exportLine = fc
  .tuple(exportedUser, fc.array(fc.constantFrom(...RAW_NUMBERS), { maxLength: 3 }))
  .map(([user, numbers]) => {
    const withMarks = {
      ...user,
      user_metadata: { ...(isRecord(user.user_metadata) ? user.user_metadata : {}) },
    };
    for (const [index, number] of numbers.entries())
      (withMarks.user_metadata as Record<string, unknown>)[`id:https://o.test/n${index}`] =
        `${RAW_MARK}${number}`;
    return JSON.stringify(withMarks).replace(/"raw-number:([^"]*)"/g, '$1');
  });

describe('createUserLogins', () => {
  const actions: LoadedAction[] = [];
  // The same Actions without the vm's watchdog, as the audit loads them: their handler is called
  // directly instead of through a script, which must change nothing of a login.
  const unwatched: LoadedAction[] = [];
  beforeAll(async () => {
    const claimsBundle = path.join(CLAIMS_APP.distDir, 'post-login-claims.js');
    actions.push(await loadBundledAction(ORDERS_ACTION, { secrets: SECRETS }));
    actions.push(await loadBundledAction(claimsBundle, { secrets: SECRETS }));
    unwatched.push(await loadBundledAction(ORDERS_ACTION, { secrets: SECRETS, watchdog: false }));
    unwatched.push(await loadBundledAction(claimsBundle, { secrets: SECRETS, watchdog: false }));
  });

  it('gives every generated user exactly the outcome action.run gives, with or without the watchdog, parsed or not: claims, drops, failures, logs', async () => {
    const options = { now: () => Date.UTC(2026, 0, 15) };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1),
        fc.constantFrom(...BASE_EVENTS.keys()),
        fc.array(exportLine, { minLength: 1, maxLength: 4 }),
        async (which, eventIndex, lines) => {
          const action = actions[which] as LoadedAction;
          const base = buildEvent(BASE_EVENTS[eventIndex]);
          const login = createUserLogins(action, base, options);
          const loginUnwatched = createUserLogins(unwatched[which] as LoadedAction, base, options);
          for (const line of lines) {
            const exported = JSON.parse(line) as Record<string, unknown>;
            const ordinary = await action.run({ ...base, user: asLoginUser(base, exported) }, options);
            expect(asJson(await login(exported))).toEqual(ordinary);
            expect(asJson(await loginUnwatched(exported))).toEqual(ordinary);
            // A user JSON.parse did not make (here without a prototype) takes the whole-copy path.
            expect(asJson(await login(Object.assign(Object.create(null), exported)))).toEqual(ordinary);
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('hands each login a fresh event: what one Action run changes in it, the next never sees', async () => {
    const action = actions[0] as LoadedAction;
    const base = buildEvent(BASE_EVENTS[0]);
    const login = createUserLogins(action, base);
    const first = await login({ user_id: 'a', user_metadata: {} });
    const second = await login({ user_id: 'b', user_metadata: {} });
    const handed = (outcome: typeof first) =>
      outcome.idToken?.payload['https://o.test/event'] as PostLoginEvent | undefined;
    expect(handed(second)?.user.user_metadata).toEqual({});
    expect(handed(second)?.request.query).toEqual(base.request.query);
    expect(handed(first)?.user.user_id).toBe('a');
    expect(handed(second)?.user.user_id).toBe('b');
  });
});
