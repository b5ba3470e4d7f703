import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.ts';
import { createPreferencesApi } from '../../api/preferences-api.ts';
import { USER_METADATA_CLAIM } from '../../app/claims.ts';
import { loginHeadless } from '../../emulator/tenant/login/headless-login.ts';
import { serveFakeTenant } from '../../emulator/tenant/transport.ts';
import { LocalError } from '../../local/errors.ts';
import { runPreferencesRoundTrip } from '../../local/preferences-round-trip.ts';
import { servePreferencesApi } from '../../local/serve-preferences-api.ts';
import { ADA, API_AUDIENCE, CALLBACK, createTestTenant } from '../emulator/login/local-tenant-fixture.ts';
import { fixtureContract } from '../fixtures/claims-app/contract.ts';

// `npm start`'s round trip on loopback (port 0), against a tenant seeded with what tenant.yaml deploys:
// the full demo with the real deploy is in local-demo.test.ts.

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const startTenantAndApi = async () => {
  const local = await createTestTenant();
  const { tenant } = local;
  tenant.state.clientGrants.push({
    id: 'cgr_preferences_api',
    client_id: local.m2mClientId,
    audience: tenant.context.managementAudience,
    scope: ['read:users', 'update:users'],
  });
  const served = await serveFakeTenant(tenant);
  closers.push(served.close);
  const api = await servePreferencesApi(0);
  closers.push(api.close);
  const config = readConfig({
    AUTH0_DOMAIN: tenant.domain,
    AUTH0_BASE_URL: served.url,
    API_AUDIENCE,
    AUTH0_CLIENT_ID: local.m2mClientId,
    AUTH0_CLIENT_SECRET: local.m2mSecret,
  });
  api.mount(createPreferencesApi(config, { contract: fixtureContract, log: () => {} }).fetch);
  const login = (scope: string) =>
    loginHeadless({
      baseUrl: served.url,
      clientId: local.spaClientId,
      redirectUri: CALLBACK,
      audience: API_AUDIENCE,
      scope,
      user: ADA.email,
    });
  const trip = (tokens: Awaited<ReturnType<typeof login>>['tokens']) =>
    runPreferencesRoundTrip({
      apiUrl: api.url,
      tenantUrl: served.url,
      issuer: tenant.issuer,
      clientId: local.spaClientId,
      redirectUri: CALLBACK,
      tokens,
    });
  const ada = () => tenant.state.users.find((user) => user.user_id === ADA.user_id);
  return { login, trip, ada };
};

describe("npm start's preferences round trip", () => {
  it('switches to a language the user does not have and the refreshed ID token carries it', async () => {
    const { login, trip, ada } = await startTenantAndApi();
    const user = ada();
    if (user)
      user.user_metadata = { ...user.user_metadata, preferences: { language: 'fr-CA', theme: 'dark' } };
    const { tokens } = await login('openid profile offline_access read:preferences update:preferences');

    const result = await trip(tokens);

    expect(result).toMatchObject({ before: 'fr-CA', requested: 'en-GB', after: 'en-GB' });
    // The API answers with the user's editable fields as the team's contract has them.
    expect(result.saved).toMatchObject({ preferences: { language: 'en-GB' } });
    const claim = decodeJwt(result.refreshed.id_token ?? '')[USER_METADATA_CLAIM];
    expect(claim).toEqual({ preferences: { language: 'en-GB', theme: 'dark' }, display_name: 'Ada L.' });
    expect(result.refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(ada()?.user_metadata.preferences).toEqual({ language: 'en-GB', theme: 'dark' });
  });

  it('stops with the API refusal, saving nothing, when the token lacks update:preferences', async () => {
    const { login, trip, ada } = await startTenantAndApi();
    const before = structuredClone(ada()?.user_metadata);
    const { tokens } = await login('openid profile offline_access read:preferences');

    const error = await trip(tokens).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(LocalError);
    expect((error as LocalError).code).toBe('E_ROUND_TRIP_FAILED');
    expect((error as LocalError).message).toMatch(/PATCH \/me\/preferences: HTTP 403 .*insufficient_scope/);
    expect(ada()?.user_metadata).toEqual(before);
  });
});
