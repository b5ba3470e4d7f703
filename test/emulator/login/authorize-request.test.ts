import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { parseAuthorizeRequest } from '../../../emulator/tenant/login/endpoints/authorize-request.ts';
import { webUrl } from '../../support/arbitraries.ts';

const CALLBACKS = ['https://app.example/callback', 'http://localhost:5173/callback'];

const directoryWithSpa = () => {
  const tenant = createFakeTenant();
  tenant.state.clients.push({
    client_id: 'spa',
    client_secret: 'unused',
    name: 'SPA',
    token_endpoint_auth_method: 'none',
    callbacks: CALLBACKS,
  });
  tenant.state.resourceServers.push({
    id: 'rs',
    name: 'API',
    identifier: 'https://api.example/',
    scopes: [{ value: 'read:x' }],
  });
  return tenant.context;
};

/** Queries mixing plausible and hostile values for every parameter /authorize reads. */
const query = fc.record(
  {
    client_id: fc.oneof(fc.constant('spa'), fc.string()),
    redirect_uri: fc.oneof(fc.constantFrom(...CALLBACKS), webUrl(), fc.string()),
    response_type: fc.oneof(fc.constant('code'), fc.string()),
    response_mode: fc.constantFrom('query', 'form_post', 'web_message', 'fragment'),
    code_challenge: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), fc.string()),
    code_challenge_method: fc.constantFrom('S256', 'plain', 's256'),
    scope: fc
      .array(fc.constantFrom('openid', 'profile', 'offline_access', 'read:x', 'write:y', ''), {
        maxLength: 6,
      })
      .map((s) => s.join(' ')),
    audience: fc.oneof(fc.constant('https://api.example/'), fc.string()),
    state: fc.string(),
    prompt: fc.constantFrom('none', 'login', 'consent', 'none login'),
  },
  { requiredKeys: [] },
);

describe('parseAuthorizeRequest', () => {
  it("never sends anything to a redirect URI outside the client's callbacks, whatever the query", () => {
    const directory = directoryWithSpa();
    fc.assert(
      fc.property(query, (params) => {
        const parsed = parseAuthorizeRequest(directory, params);
        const target = parsed.ok ? parsed.request.redirectUri : parsed.destination?.redirectUri;
        if (target !== undefined) expect(CALLBACKS).toContain(target);
        if (parsed.ok) {
          expect(params.client_id).toBe('spa');
          // A public client always proves possession with an S256 challenge.
          expect(parsed.request.codeChallenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
          expect(params.code_challenge_method).toBe('S256');
          // Granted scopes are OIDC scopes or scopes the API defines, nothing else.
          for (const scope of parsed.request.scopes)
            expect(['openid', 'profile', 'offline_access', 'read:x']).toContain(scope);
        }
      }),
      { numRuns: 500 },
    );
  });
});
