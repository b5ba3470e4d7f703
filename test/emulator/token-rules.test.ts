import { describe, expect, it } from 'vitest';
import {
  buildEvent,
  DEFAULT_TENANT_DOMAIN,
  isAuth0ApiAudience,
  OIDC_PROFILE_CLAIM_SCOPES,
  runBundledAction,
} from '../../emulator/actions/index.ts';

const API = `https://${DEFAULT_TENANT_DOMAIN}`;
const run = (body: string, overrides: Parameters<typeof buildEvent>[0] = {}) =>
  runBundledAction(
    { name: 'rules', code: `exports.onExecutePostLogin = async (event, api) => {\n${body}\n};` },
    buildEvent(overrides),
  );

describe('what Auth0 lets into a token', () => {
  it('Auth0 drops an OIDC profile claim set on the access token when the login lacks its scope', async () => {
    const body = `api.accessToken.setCustomClaim('email', 'a@b.test'); api.accessToken.setCustomClaim('family_name', 'L');`;
    const narrow = await run(body, { transaction: { requested_scopes: ['openid', 'profile'] } });
    expect(narrow.accessToken?.payload).not.toHaveProperty('email');
    expect(narrow.accessToken?.payload.family_name).toBe('L');
    expect(narrow.calls[0]).toMatchObject({
      result: 'dropped',
      reason: expect.stringMatching(/needs the email scope/),
    });
    const wide = await run(body, { transaction: { requested_scopes: ['openid', 'profile', 'email'] } });
    expect(wide.accessToken?.payload).toMatchObject({ email: 'a@b.test', family_name: 'L' });
  });

  it('Auth0 filters OIDC claims by scope on the ID token too', async () => {
    const outcome = await run(`api.idToken.setCustomClaim('phone_number', '+15550100');`, {
      transaction: { requested_scopes: ['openid', 'email'] },
    });
    expect(outcome.idToken?.payload).not.toHaveProperty('phone_number');
    expect([...OIDC_PROFILE_CLAIM_SCOPES.values()].sort()).toEqual(
      expect.arrayContaining(['address', 'email', 'phone', 'profile']),
    );
  });

  it('Auth0 ignores addScope and removeScope on a token for its own APIs and logs a warning', async () => {
    for (const audience of [`${API}/api/v2/`, `${API}/api`, `${API}/mfa/`]) {
      const outcome = await run(
        `api.accessToken.addScope('read:users'); api.accessToken.removeScope('openid');`,
        {
          resource_server: { identifier: audience },
        },
      );
      expect(outcome.accessToken?.scope, audience).toEqual(['openid', 'profile', 'email']);
      expect(outcome.logs, audience).toEqual([
        `Attempting to add scopes to an access token for an internal audience: ${audience}. These scopes were ignored.`,
        `Attempting to remove scopes from an access token for an internal audience: ${audience}. These scopes were ignored.`,
      ]);
    }
    const own = await run(`api.accessToken.addScope('read:prefs');`);
    expect(own.accessToken?.scope).toContain('read:prefs');
    expect(own.logs).toEqual([]);
  });

  it('Auth0 treats https://TENANT/api as one of its own API audiences', () => {
    expect(isAuth0ApiAudience(`${API}/api`, DEFAULT_TENANT_DOMAIN)).toBe(true);
    expect(isAuth0ApiAudience(`${API}/api/`, DEFAULT_TENANT_DOMAIN)).toBe(true);
    expect(isAuth0ApiAudience(`${API}/apis`, DEFAULT_TENANT_DOMAIN)).toBe(false);
  });
});
