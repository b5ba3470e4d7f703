import { http } from 'msw';
import { setupServer } from 'msw/node';
import type { PreferencesApiConfig } from '../../../api/config.ts';
import { createPreferencesApi, type PreferencesApiOptions } from '../../../api/preferences-api.ts';
import type { RequestLogEntry } from '../../../api/request-log.ts';
import type { JsonObject } from '../../../core/json.ts';
import { createFakeTenant, type FakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { fixtureContract } from '../../fixtures/claims-app/contract.ts';
import { createTokenMinter, TEST_AUDIENCE, TEST_ISSUER, type TokenMinter } from './token-minter.ts';

const DOMAIN = 'tenant.test';
const M2M = { client_id: 'preferences-api-client', client_secret: 'not-a-real-secret' };

export const TEST_CONFIG: PreferencesApiConfig = {
  issuer: TEST_ISSUER,
  jwksUrl: `https://${DOMAIN}/.well-known/jwks.json`,
  tenantBaseUrl: `https://${DOMAIN}`,
  managementAudience: `https://${DOMAIN}/api/v2/`,
  audience: TEST_AUDIENCE,
  clientId: M2M.client_id,
  clientSecret: M2M.client_secret,
  port: 0,
  allowedOrigins: [],
  rateLimitPerMinute: 20,
  lockTtlMs: 5000,
  shutdownGraceMs: 10_000,
};

export const ALICE = 'auth0|alice';
export const BOB = 'auth0|bob';

export interface StoredUser {
  user_metadata: JsonObject;
  app_metadata: JsonObject;
}

export const seedUsers = (): Record<string, StoredUser> => ({
  [ALICE]: {
    user_metadata: { preferences: { language: 'en-GB', theme: 'dark', beta_opt_in: true }, favourite: 'tea' },
    app_metadata: { tenant_id: 'acme', roles: ['editor'], plan: 'pro' },
  },
  [BOB]: {
    user_metadata: { preferences: { language: 'de-DE' }, display_name: 'Bob' },
    app_metadata: { tenant_id: 'globex', roles: ['admin'], plan: 'enterprise' },
  },
});

export interface ApiUnderTest {
  readonly app: ReturnType<typeof createPreferencesApi>;
  readonly tenant: FakeTenant;
  readonly minter: TokenMinter;
  readonly logs: RequestLogEntry[];
  /** A user's metadata as the tenant holds it now. */
  user(userId: string): StoredUser | undefined;
  /** How many client-credentials tokens the API asked the tenant for. */
  tokenRequests(): number;
  /** Calls the API as if over HTTP, with the given bearer token. */
  call(method: string, token: string | undefined, body?: unknown, init?: RequestInit): Promise<Response>;
}

/**
 * The API in front of a fresh fake tenant per test (through msw), holding Alice and Bob and the API's
 * machine-to-machine client with its `read:users update:users` grant. `latencyMs` delays every
 * tenant answer, to widen race windows.
 */
export const useApiUnderTest = () => {
  const server = setupServer();
  // RSA key generation is the slow part: one key pair per test file is enough.
  let minterOnce: Promise<TokenMinter> | undefined;
  const build = async (
    options: Omit<PreferencesApiOptions, 'keys' | 'log'> = {},
    config: Partial<PreferencesApiConfig> = {},
    tenantOptions: { latencyMs?: number } = {},
  ): Promise<ApiUnderTest> => {
    minterOnce ??= createTokenMinter();
    const minter = await minterOnce;
    const tenant = createFakeTenant({ domain: DOMAIN });
    tenant.state.clients.push({ ...M2M, name: 'Preferences API', app_type: 'non_interactive' });
    tenant.state.clientGrants.push({
      id: 'cgr_preferences_api',
      client_id: M2M.client_id,
      audience: TEST_CONFIG.managementAudience,
      scope: ['read:users', 'update:users'],
    });
    tenant.seedUsers(
      Object.entries(seedUsers()).map(([userId, user]) => ({
        user_id: userId,
        email: `${userId.slice(6)}@example.com`,
        ...user,
      })),
    );
    server.resetHandlers(
      http.all(`https://${DOMAIN}/*`, async ({ request }) => {
        if (tenantOptions.latencyMs)
          await new Promise((resolve) => setTimeout(resolve, tenantOptions.latencyMs));
        return tenant.handle(request);
      }),
    );
    const logs: RequestLogEntry[] = [];
    const app = createPreferencesApi(
      { ...TEST_CONFIG, ...config },
      { contract: fixtureContract, ...options, keys: minter.keys, log: (e) => logs.push(e) },
    );
    const call = (method: string, token: string | undefined, body?: unknown, init: RequestInit = {}) =>
      Promise.resolve(
        app.request('/me/preferences', {
          method,
          headers: {
            ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
          ...init,
        }),
      );
    const user = (userId: string) => {
      const record = tenant.state.users.find((candidate) => candidate.user_id === userId);
      return (
        record && structuredClone({ user_metadata: record.user_metadata, app_metadata: record.app_metadata })
      );
    };
    const tokenRequests = () => tenant.requests.filter((entry) => entry.path === '/oauth/token').length;
    return { app, tenant, minter, logs, user, tokenRequests, call };
  };
  return { server, build };
};
