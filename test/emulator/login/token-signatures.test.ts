import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { signEarly, tokenResponseBody } from '../../../emulator/tenant/login/grants/token-response.ts';
import type { LoginContext } from '../../../emulator/tenant/login/login-context.ts';
import type {
  EarlySignatures,
  LoginTokens,
} from '../../../emulator/tenant/login/post-login/post-login-input.ts';
import { API_AUDIENCE, createTestTenant } from './local-tenant-fixture.ts';

const TOKENS: LoginTokens = {
  idToken: { iss: 'https://local/', sub: 'auth0|ada', aud: 'spa', iat: 1, exp: 2, nonce: 'n' },
  accessToken: {
    iss: 'https://local/',
    sub: 'auth0|ada',
    aud: API_AUDIENCE,
    iat: 1,
    exp: 2,
    scope: 'openid',
  },
  scopes: ['openid'],
  expiresIn: 86_400,
};

/** The code exchange's answer for TOKENS, with the signatures `signEarly` started or without. */
const answer = (login: LoginContext, early?: EarlySignatures) =>
  tokenResponseBody(login, 'auth0|ada', TOKENS, 'rt', early);

describe('the code exchange signatures', () => {
  it('are the same tokens whether signed when the code was issued or at the exchange, and a failed early signature is signed again', async () => {
    const { login } = (await createTestTenant()).tenant;
    const atExchange = await answer(login);
    const early = await answer(login, signEarly(login, TOKENS));
    const failed = await answer(login, {
      idToken: Promise.resolve(undefined),
      accessToken: Promise.resolve(undefined),
    });
    expect(early).toEqual(atExchange);
    expect(failed).toEqual(atExchange);
    expect(atExchange.id_token?.split('.')).toHaveLength(3);
  });

  it('are the same tokens whether the tenant signs them itself, idle, or in the pool, busy', async () => {
    const { login } = (await createTestTenant()).tenant;
    const { load } = login.tenant;
    const idle = [await answer(login, signEarly(login, TOKENS)), await answer(login)];
    load.answering += 5;
    try {
      const busy = [await answer(login, signEarly(login, TOKENS)), await answer(login)];
      expect([...idle, busy[1]]).toEqual([busy[0], busy[0], busy[0]]);
    } finally {
      load.answering -= 5;
    }
  });

  describe('with timers faked', () => {
    afterEach(() => vi.useRealTimers());

    it('still makes the ID token signature started on the next turn', async () => {
      const { login } = (await createTestTenant()).tenant;
      const expected = await answer(login);
      vi.useFakeTimers();
      expect(await signEarly(login, TOKENS).idToken).toBe(expected.id_token);
    });
  });
});

describe("the tenant's count of the requests it is answering", () => {
  it('counts a request while it is answered and forgets it once answered or failed', async () => {
    const tenant = createFakeTenant();
    const answering = tenant.handle(new Request(`https://${tenant.domain}/.well-known/jwks.json`));
    expect(tenant.context.load.answering).toBe(1);
    await answering;
    expect(tenant.context.load.answering).toBe(0);
    tenant.faults.add({ kind: 'drop-connection', match: { path: '/api/v2/clients' } });
    await expect(tenant.handle(new Request(`https://${tenant.domain}/api/v2/clients`))).rejects.toThrow(
      /dropped the connection/,
    );
    expect(tenant.context.load.answering).toBe(0);
  });
});
