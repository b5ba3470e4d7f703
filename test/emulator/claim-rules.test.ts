import { describe, expect, it } from 'vitest';
import {
  isAuth0ApiAudience,
  isForbiddenNamespace,
  isNamespacedClaimName,
  isRestrictedClaimName,
  RESTRICTED_CLAIM_NAMES,
} from '../../emulator/actions/index.ts';

describe('claim rules', () => {
  it('lists the names Auth0 restricts, matched exactly', () => {
    expect(RESTRICTED_CLAIM_NAMES.size).toBe(60);
    for (const name of ['sub', 'aud', 'permissions', 'roles', 'internalService', 'x5t#S256']) {
      expect(isRestrictedClaimName(name)).toBe(true);
    }
    for (const name of ['Sub', 'role', 'https://example.com/roles', 'internalservice']) {
      expect(isRestrictedClaimName(name)).toBe(false);
    }
  });

  it("recognises Auth0's own namespaces anywhere in a name, in any case", () => {
    for (const name of [
      'https://auth0.com/x',
      'https://tenant.AUTH0.com/claim',
      'http://a.webtask.io/',
      'https://webtask.run/x',
      'urn:auth0:x',
    ]) {
      expect(isForbiddenNamespace(name)).toBe(true);
    }
    expect(isForbiddenNamespace('https://claims.identity-as-code.dev/user_metadata')).toBe(false);
  });

  it('calls http(s) URLs namespaced and knows the audiences of Auth0 APIs', () => {
    expect(isNamespacedClaimName('https://example.com/x')).toBe(true);
    expect(isNamespacedClaimName('urn:example:x')).toBe(false);
    expect(isAuth0ApiAudience('https://t.test/api/v2/', 't.test')).toBe(true);
    expect(isAuth0ApiAudience('https://t.test/mfa', 't.test')).toBe(true);
    expect(isAuth0ApiAudience('https://api.example.com/', 't.test')).toBe(false);
  });
});
