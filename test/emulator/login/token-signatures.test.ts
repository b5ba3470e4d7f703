import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { signEarly, tokenResponseBody } from '../../../emulator/tenant/login/grants/token-response.ts';
import type { LoginTokens } from '../../../emulator/tenant/login/post-login/post-login-input.ts';
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

describe('the code exchange signatures', () => {
  it('are the same tokens whether signed when the code was issued or at the exchange, and a failed early signature is signed again', async () => {
    const { tenant } = await createTestTenant();
    const atExchange = await tokenResponseBody(tenant.login, 'auth0|ada', TOKENS, 'rt');
    const early = await tokenResponseBody(
      tenant.login,
      'auth0|ada',
      TOKENS,
      'rt',
      signEarly(tenant.login, TOKENS),
    );
    const failed = await tokenResponseBody(tenant.login, 'auth0|ada', TOKENS, 'rt', {
      idToken: Promise.resolve(undefined),
      accessToken: Promise.resolve(undefined),
    });
    expect(early).toEqual(atExchange);
    expect(failed).toEqual(atExchange);
    expect(atExchange.id_token?.split('.')).toHaveLength(3);
  });

  it('are the same tokens whether the tenant signs them itself, idle, or in the pool, busy', async () => {
    const { tenant } = await createTestTenant();
    const { load } = tenant.login.tenant;
    const idle = await tokenResponseBody(
      tenant.login,
      'auth0|ada',
      TOKENS,
      'rt',
      signEarly(tenant.login, TOKENS),
    );
    const idleAtExchange = await tokenResponseBody(tenant.login, 'auth0|ada', TOKENS, 'rt');
    load.answering += 5;
    try {
      const busy = await tokenResponseBody(
        tenant.login,
        'auth0|ada',
        TOKENS,
        'rt',
        signEarly(tenant.login, TOKENS),
      );
      const busyAtExchange = await tokenResponseBody(tenant.login, 'auth0|ada', TOKENS, 'rt');
      expect([idle, idleAtExchange, busyAtExchange]).toEqual([busy, busy, busy]);
    } finally {
      load.answering -= 5;
    }
  });

  describe('with timers faked', () => {
    afterEach(() => vi.useRealTimers());

    it('still makes the ID token signature started on the next turn', async () => {
      const { tenant } = await createTestTenant();
      const expected = await tokenResponseBody(tenant.login, 'auth0|ada', TOKENS, 'rt');
      vi.useFakeTimers();
      const early = signEarly(tenant.login, TOKENS);
      expect(await early.idToken).toBe(expected.id_token);
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
