import { describe, expect, it } from 'vitest';
import {
  AUTHORIZATION_CODE_LIFETIME_MS,
  AuthorizationCodes,
} from '../../../emulator/tenant/login/grants/authorization-codes.ts';

const grant = {
  clientId: 'spa',
  redirectUri: 'https://app.example/cb',
  codeChallenge: undefined,
  login: 'alice',
};

describe('AuthorizationCodes', () => {
  it('redeems a code once; a replay is told apart and names the refresh family to revoke', () => {
    const codes = new AuthorizationCodes<string>(() => 0);
    const code = codes.issue(grant);
    const first = codes.redeem(code);
    expect(first.ok && first.grant.login).toBe('alice');
    if (first.ok) first.bindFamily('family-1');
    expect(codes.redeem(code)).toEqual({ ok: false, reason: 'replayed', familyId: 'family-1' });
    expect(codes.redeem('made-up')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('refuses a code after its lifetime', () => {
    let now = 0;
    const codes = new AuthorizationCodes<string>(() => now);
    const code = codes.issue(grant);
    now = AUTHORIZATION_CODE_LIFETIME_MS;
    expect(codes.redeem(code)).toEqual({ ok: false, reason: 'expired' });
  });
});
