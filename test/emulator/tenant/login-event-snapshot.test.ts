import fc from 'fast-check';
import { decodeJwt } from 'jose';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { buildLoginEvent } from '../../../emulator/tenant/login/post-login/event.ts';
import type { PostLoginInput } from '../../../emulator/tenant/login/post-login/post-login-input.ts';
import type { UserRecord } from '../../../emulator/tenant/state.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { CALLBACK, createTestTenant, deployPostLoginAction } from '../login/local-tenant-fixture.ts';

// A login's event is a snapshot of the tenant's records taken when the login starts, in JSON's shape:
// the tenant reads its stored user, client and session without copying them, and the event is the one
// copy, so what the tenant changes while the Actions run (here: a write during the first Action's
// outbound call) never reaches a later Action, and nothing an Action is handed is the tenant's record.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

const HOOK_URL = 'https://hook.example.test/during-login';
const CLAIM = 'https://test.example/';

describe('the login event', () => {
  it('is what the records held when the login started, even when the tenant changes them while the Actions run', async () => {
    let changeRecords = (): void => {};
    const { tenant, base, spaClientId } = await createTestTenant({
      actionHandlers: [
        http.get(HOOK_URL, () => {
          changeRecords();
          return HttpResponse.text('ok');
        }),
      ],
    });
    inProcess = useFakeTenantInProcess(tenant);
    tenant.seedUsers([
      {
        user_id: 'auth0|grace',
        email: 'grace@example.com',
        name: 'Grace Hopper',
        user_metadata: { theme: 'dark', lists: ['a'] },
        app_metadata: { plan: 'pro', nested: { level: 1 } },
        enrolledFactors: [{ type: 'otp' }],
      },
    ]);
    const client = tenant.state.clients.find((candidate) => candidate.client_id === spaClientId);
    if (!client) throw new Error('the fixture tenant has no SPA');
    client.client_metadata = { tier: 'gold' };
    changeRecords = () => {
      // In place, as the tenant's own writes to a record may be (recordEnrollment pushes a factor).
      const stored = tenant.state.users.find((user) => user.user_id === 'auth0|grace');
      if (!stored) throw new Error('grace is gone');
      stored.name = 'changed';
      (stored.user_metadata.lists as string[]).push('changed');
      (stored.app_metadata.nested as { level: number }).level = 2;
      stored.identities.push({
        connection: 'changed',
        provider: 'auth0',
        user_id: 'changed',
        isSocial: false,
      });
      stored.enrolledFactors?.push({ type: 'changed' });
      if (client.client_metadata) client.client_metadata.tier = 'changed';
    };
    deployPostLoginAction(
      tenant,
      'calls-out',
      `exports.onExecutePostLogin = async () => { await (await fetch('${HOOK_URL}')).text(); };`,
    );
    deployPostLoginAction(
      tenant,
      'reads-after',
      `exports.onExecutePostLogin = async (event, api) => {
        api.idToken.setCustomClaim('${CLAIM}seen', {
          name: event.user.name,
          lists: event.user.user_metadata.lists,
          level: event.user.app_metadata.nested.level,
          identities: event.user.identities.length,
          factors: event.user.enrolledFactors.map((factor) => factor.type),
          tier: event.client.metadata.tier,
        });
        // Mutating its own event must not reach the tenant either.
        event.user.app_metadata.nested.level = 99;
        event.user.identities.length = 0;
        event.client.metadata.tier = 'written by the Action';
      };`,
    );

    const { tokens } = await loginHeadless({
      baseUrl: base,
      clientId: spaClientId,
      redirectUri: CALLBACK,
      user: 'auth0|grace',
    });
    expect(decodeJwt(tokens.id_token ?? '')[`${CLAIM}seen`]).toEqual({
      name: 'Grace Hopper',
      lists: ['a'],
      level: 1,
      identities: 1,
      factors: ['otp'],
      tier: 'gold',
    });
    const stored = tenant.state.users.find((user) => user.user_id === 'auth0|grace');
    expect(stored?.app_metadata).toEqual({ plan: 'pro', nested: { level: 2 } });
    expect(stored?.identities).toHaveLength(2);
    expect(client.client_metadata).toEqual({ tier: 'changed' });
  });

  it('is JSON, as Auth0 hands an event over, and shares no object with the records it was built from', async () => {
    const { tenant, spaClientId } = await createTestTenant();
    const client = tenant.state.clients.find((candidate) => candidate.client_id === spaClientId);
    if (!client) throw new Error('the fixture tenant has no SPA');
    // What a record written around the Management API's checks (a seed, a test) may hold: undefined
    // members, dates, non-finite numbers and -0, at any depth.
    const loose = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.date(), fc.double());
    const metadata = fc.dictionary(
      fc.string(),
      fc.oneof(loose, fc.array(loose), fc.dictionary(fc.string(), loose)),
    );
    fc.assert(
      fc.property(
        metadata,
        metadata,
        fc.option(fc.string(), { nil: undefined }),
        (userMetadata, appMetadata, name) => {
          const user = {
            ...tenant.state.users[0],
            user_id: 'auth0|loose',
            name,
            user_metadata: userMetadata,
            app_metadata: appMetadata,
            enrolledFactors: [{ type: 'otp' }],
          } as unknown as UserRecord;
          const input: PostLoginInput = {
            protocol: 'oidc-basic-profile',
            user,
            client,
            resourceServer: undefined,
            requestedScopes: ['openid'],
            scopes: ['openid'],
            nonce: undefined,
            sessionId: 'sid_1',
            refreshTokenFamily: undefined,
            request: new Request(`https://${tenant.domain}/authorize?client_id=${spaClientId}`),
            query: { client_id: spaClientId },
            body: {},
            redirectUri: CALLBACK,
            state: undefined,
            simulated: { geoip: { countryCode: 'GB' } },
            session: {
              methods: [{ name: 'pwd', timestamp: '2026-01-01T00:00:00.000Z' }],
              metadata: { a: 'b' },
            },
            prompt: { id: 'form', fields: { f: 'v' }, vars: { deep: { list: [1] } } },
          };
          const event = buildLoginEvent(tenant.context, input, Date.parse('2026-02-01T00:00:00.000Z'));
          expect(event).toStrictEqual(JSON.parse(JSON.stringify(event)));
          expect(event.user.user_metadata).toStrictEqual(JSON.parse(JSON.stringify(userMetadata)));
          expect(event.user.app_metadata).toStrictEqual(JSON.parse(JSON.stringify(appMetadata)));
          expect('name' in event.user).toBe(name !== undefined);
          const held = objectsIn([input, tenant.state]);
          for (const object of objectsIn([event])) expect(held.has(object)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** Every object and array reachable from the values. */
const objectsIn = (values: unknown[]): Set<object> => {
  const seen = new Set<object>();
  const pending = [...values];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof Request) continue;
    pending.push(...Object.values(value));
  }
  return seen;
};
