import { describe, expect, it } from 'vitest';
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
});
