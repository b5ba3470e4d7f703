// @vitest-environment happy-dom
import { Auth0Client, InMemoryCache } from '@auth0/auth0-spa-js';
import { createRemoteJWKSet } from 'jose';
import { delay, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPreferencesApi } from '../../api/preferences-api.ts';
import { verifyAccessToken } from '../../api/verify-token.ts';
import {
  REFRESH_FAILED_MESSAGE,
  readPreferences,
  refreshClaims,
  STALE_MESSAGE,
  updatePreferences,
} from '../../app/index.ts';
import { fakeTenantHandlers } from '../../emulator/tenant/transport.ts';
import { ADA, API_AUDIENCE, CALLBACK, createTestTenant } from '../emulator/login/local-tenant-fixture.ts';
import { FIXTURE_ACCESS_CLAIM, fixtureContract } from '../fixtures/claims-app/contract.ts';

// The whole metadata round trip, in a DOM: a user logs in with spa-js against the local tenant,
// changes a preference through our API, refreshes, and sees the change in getUser(). Every request
// (tenant, API) goes through msw in this process; spa-js must not move token calls into a Worker,
// where msw cannot see them.
Reflect.deleteProperty(window, 'Worker');

const API_BASE = 'https://preferences.identity-as-code.test';
const APP_ORIGIN = 'https://app.identity-as-code.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The local tenant with our API's machine-to-machine client, and our API, both behind msw. */
const startRoundTrip = async () => {
  const local = await createTestTenant({ autoLogin: true });
  const { tenant, base } = local;
  tenant.state.clientGrants.push({
    id: 'cgr_preferences_api',
    client_id: local.m2mClientId,
    audience: tenant.context.managementAudience,
    scope: ['read:users', 'update:users'],
  });
  const app = createPreferencesApi(
    {
      issuer: `${base}/`,
      jwksUrl: `${base}/.well-known/jwks.json`,
      tenantBaseUrl: base,
      managementAudience: tenant.context.managementAudience,
      audience: API_AUDIENCE,
      clientId: local.m2mClientId,
      clientSecret: local.m2mSecret,
      port: 0,
      allowedOrigins: [APP_ORIGIN],
    },
    { contract: fixtureContract, log: () => {} },
  );
  const received: string[] = [];
  const tokenResponses: Record<string, unknown>[] = [];
  server.use(
    http.all(`${API_BASE}/*`, ({ request }) => {
      received.push(request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '');
      return app.fetch(request);
    }),
    http.post(`${base}/oauth/token`, async ({ request }) => {
      const response = await tenant.handle(request);
      tokenResponses.push(await response.clone().json());
      return response;
    }),
    ...fakeTenantHandlers(tenant),
  );
  return { ...local, received, tokenResponses };
};

const loggedInClient = async (
  spaClientId: string,
  scope = 'openid profile email offline_access read:preferences update:preferences',
  httpTimeoutInSeconds?: number,
) => {
  const options = {
    domain: 'local-tenant.auth0.test',
    clientId: spaClientId,
    authorizationParams: { redirect_uri: CALLBACK, audience: API_AUDIENCE, scope },
    useRefreshTokens: true,
    useRefreshTokensFallback: false,
    // Shared, so a client with a short timeout can take over a login made without one: a login's own
    // code exchange held to 50 ms fails on a busy machine, and spa-js's retry then spends the code twice.
    cache: new InMemoryCache().enclosedCache,
  };
  const client = new Auth0Client(options);
  let callback = '';
  await client.loginWithRedirect({
    authorizationParams: { login_hint: ADA.email },
    openUrl: async (url) => {
      const response = await fetch(url, { redirect: 'manual' });
      callback = response.headers.get('location') ?? '';
    },
  });
  await client.handleRedirectCallback(callback);
  return httpTimeoutInSeconds === undefined ? client : new Auth0Client({ ...options, httpTimeoutInSeconds });
};

describe('the metadata round trip through spa-js, our API and the local tenant', () => {
  it('shows a changed language in getUser() after the refresh, and the API saw the app claims', async () => {
    const { tenant, spaClientId, base, received } = await startRoundTrip();
    const client = await loggedInClient(spaClientId);
    expect(readPreferences(await client.getUser()).preferences?.language).toBe('en-GB');

    const result = await updatePreferences(client, API_BASE, { preferences: { language: 'fr-CA' } });

    // The claims as app/ reads them, through the team's contract: the changed field is what matters.
    expect(result).toMatchObject({ status: 'updated', claims: { preferences: { language: 'fr-CA' } } });
    expect(readPreferences(await client.getUser()).preferences?.language).toBe('fr-CA');
    const ada = tenant.state.users.find((user) => user.user_id === ADA.user_id);
    expect(ada?.user_metadata).toEqual({
      ...ADA.user_metadata,
      preferences: { language: 'fr-CA', theme: 'dark', colour: 'teal' },
    });

    const check = await verifyAccessToken(`Bearer ${received[0]}`, {
      issuer: `${base}/`,
      audience: API_AUDIENCE,
      keys: createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`)),
    });
    expect(check.ok && check.caller.userId).toBe(ADA.user_id);
    expect(check.ok && check.caller.claims[FIXTURE_ACCESS_CLAIM]).toEqual({
      tenant_id: 'acme',
      roles: ['editor'],
      plan: 'pro',
    });
  });

  it('reports a rejected field and saves nothing', async () => {
    const { tenant, spaClientId } = await startRoundTrip();
    const client = await loggedInClient(spaClientId);
    const before = structuredClone(tenant.state.users.find((user) => user.user_id === ADA.user_id));
    // A value the type allows at compile time can still be refused at run time (an unknown tag).
    const result = await updatePreferences(client, API_BASE, {
      preferences: { language: 'xx-not-a-tag-at-all' },
    });
    expect(result).toMatchObject({
      status: 'rejected',
      error: 'invalid_value',
      field: 'preferences.language',
    });
    expect(tenant.state.users.find((user) => user.user_id === ADA.user_id)).toEqual(before);
  });

  it('keeps the saved change and says the tokens are stale when there is no refresh token', async () => {
    const { tenant, spaClientId } = await startRoundTrip();
    // spa-js always asks for offline_access; an API that does not allow it means no refresh token.
    const api = tenant.state.resourceServers.find((server) => server.identifier === API_AUDIENCE);
    if (api) api.allow_offline_access = false;
    const client = await loggedInClient(spaClientId);
    const result = await updatePreferences(client, API_BASE, { preferences: { language: 'fr-CA' } });
    expect(result).toEqual({
      status: 'saved-but-stale',
      reason: 'missing_refresh_token',
      message: STALE_MESSAGE,
    });
    const ada = tenant.state.users.find((user) => user.user_id === ADA.user_id);
    expect(ada?.user_metadata.preferences).toMatchObject({ language: 'fr-CA' });
    expect(readPreferences(await client.getUser()).preferences?.language).toBe('en-GB');
  });

  it('keeps the saved change and says the tokens are stale when the refresh token was revoked', async () => {
    const { tenant, spaClientId, base, tokenResponses } = await startRoundTrip();
    const client = await loggedInClient(spaClientId);
    const stolen = String(tokenResponses[0]?.refresh_token);
    expect((await refreshClaims(client)).status).toBe('updated');
    // Replaying a rotated refresh token revokes its whole family, as Auth0's reuse detection does.
    const replay = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: spaClientId,
        refresh_token: stolen,
      }),
    });
    expect(replay.status).toBe(403);

    const result = await updatePreferences(client, API_BASE, { display_name: 'Countess' });
    expect(result).toEqual({ status: 'saved-but-stale', reason: 'invalid_grant', message: STALE_MESSAGE });
    expect(tenant.state.users.find((user) => user.user_id === ADA.user_id)?.user_metadata.display_name).toBe(
      'Countess',
    );
  });

  it('says nothing was saved, without sending the user to log in, when the token call times out', async () => {
    const { tenant, spaClientId, base } = await startRoundTrip();
    // Access tokens that spa-js's 60 s leeway counts as expired at once: every call needs a refresh.
    const api = tenant.state.resourceServers.find((server) => server.identifier === API_AUDIENCE);
    if (api) api.token_lifetime = 30;
    const client = await loggedInClient(spaClientId, undefined, 0.05);
    const before = structuredClone(tenant.state.users);
    server.use(http.post(`${base}/oauth/token`, () => delay('infinite')));

    const result = await updatePreferences(client, API_BASE, { preferences: { language: 'fr-CA' } });

    // A network blip is no reason to leave the page for the login: the user would lose the edit.
    expect(result.status).toBe('failed');
    expect(tenant.state.users).toEqual(before);
  });

  it('keeps the saved change when the refresh after it times out, and says to try again', async () => {
    const { tenant, spaClientId, base } = await startRoundTrip();
    const client = await loggedInClient(spaClientId, undefined, 0.05);
    // Only the SPA's refresh hangs; our API's own client-credentials call goes on to the tenant.
    server.use(
      http.post(`${base}/oauth/token`, async ({ request }) => {
        const grant = new URLSearchParams(await request.clone().text()).get('grant_type');
        if (grant === 'refresh_token') await delay('infinite');
      }),
    );

    const result = await updatePreferences(client, API_BASE, { preferences: { language: 'fr-CA' } });

    expect(result).toEqual({
      status: 'saved-but-stale',
      reason: 'refresh_failed',
      message: REFRESH_FAILED_MESSAGE,
    });
    const ada = tenant.state.users.find((user) => user.user_id === ADA.user_id);
    expect(ada?.user_metadata.preferences).toMatchObject({ language: 'fr-CA' });
  });

  it('answers login-required and saves nothing when the token lacks update:preferences', async () => {
    const { tenant, spaClientId } = await startRoundTrip();
    const client = await loggedInClient(spaClientId, 'openid profile email offline_access read:preferences');
    const before = structuredClone(tenant.state.users);
    const result = await updatePreferences(client, API_BASE, { preferences: { language: 'fr-CA' } });
    expect(result).toMatchObject({ status: 'login-required', reason: 'insufficient_scope' });
    expect(tenant.state.users).toEqual(before);
  });
});
