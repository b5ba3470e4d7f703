import { setupServer } from 'msw/node';
import type { PreferencesApiConfig } from '../../../api/config.ts';
import { createPreferencesApi, type PreferencesApiOptions } from '../../../api/preferences-api.ts';
import type { RequestLogEntry } from '../../../api/request-log.ts';
import { createTokenMinter, TEST_AUDIENCE, TEST_ISSUER, type TokenMinter } from './token-minter.ts';
import {
  createUsersEndpoint,
  type StoredUser,
  TEST_TENANT_URL,
  type UsersEndpoint,
} from './users-endpoint.ts';

export const TEST_CONFIG: PreferencesApiConfig = {
  issuer: TEST_ISSUER,
  jwksUrl: `${TEST_TENANT_URL}/.well-known/jwks.json`,
  tenantBaseUrl: TEST_TENANT_URL,
  managementAudience: `${TEST_TENANT_URL}/api/v2/`,
  audience: TEST_AUDIENCE,
  clientId: 'preferences-api-client',
  clientSecret: 'not-a-real-secret',
  port: 0,
  allowedOrigins: [],
};

export const ALICE = 'auth0|alice';
export const BOB = 'auth0|bob';

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
  readonly tenant: UsersEndpoint;
  readonly minter: TokenMinter;
  readonly logs: RequestLogEntry[];
  /** Calls the API as if over HTTP, with the given bearer token. */
  call(method: string, token: string | undefined, body?: unknown, init?: RequestInit): Promise<Response>;
}

/** Starts msw once per test file; each test builds a fresh API and tenant with `build`. */
export const useApiUnderTest = () => {
  const server = setupServer();
  // RSA key generation is the slow part: one key pair per test file is enough.
  let minterOnce: Promise<TokenMinter> | undefined;
  const build = async (
    options: Omit<PreferencesApiOptions, 'keys' | 'log'> = {},
    config: Partial<PreferencesApiConfig> = {},
  ): Promise<ApiUnderTest> => {
    minterOnce ??= createTokenMinter();
    const minter = await minterOnce;
    const tenant = createUsersEndpoint(seedUsers());
    server.resetHandlers(...tenant.handlers);
    const logs: RequestLogEntry[] = [];
    const app = createPreferencesApi(
      { ...TEST_CONFIG, ...config },
      {
        ...options,
        keys: minter.keys,
        log: (e) => logs.push(e),
      },
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
    return { app, tenant, minter, logs, call };
  };
  return { server, build };
};
