import type { PostLoginEvent } from '../../core/post-login-types.ts';

/**
 * Every field optional, all the way down; arrays are replaced whole. `undefined` is allowed so an
 * override can remove a field (`{ transaction: undefined }`).
 */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

/** The tenant domain the emulator plays by default; `.test` is reserved, so it never resolves. */
export const DEFAULT_TENANT_DOMAIN = 'local.auth0.test';
/** The identifier of the API the default login asks a token for. */
export const DEFAULT_API_AUDIENCE = 'https://api.identity-as-code.test/';

/** When the default session started: its password method was completed then, not at each run. */
export const DEFAULT_SESSION_START = '2026-01-15T09:30:00.000Z';
const LOGIN_TIME = DEFAULT_SESSION_START;

/** A password login to a SPA through Universal Login, as Auth0 hands it to a post-login Action. */
const defaultEvent = (): PostLoginEvent => ({
  user: {
    user_id: 'auth0|65a4f0c2e1d3b4a5c6d7e8f9',
    email: 'ada@example.com',
    email_verified: true,
    name: 'Ada Lovelace',
    nickname: 'ada',
    given_name: 'Ada',
    family_name: 'Lovelace',
    picture: 'https://s.gravatar.com/avatar/2f0b4e1a7c6d5e4f3a2b1c0d9e8f7a6b?s=480&r=pg&d=mp.png',
    username: 'ada',
    phone_number: '+447700900123',
    phone_verified: false,
    created_at: '2025-03-02T14:05:11.000Z',
    updated_at: '2026-01-10T18:22:40.000Z',
    last_password_reset: '2025-11-20T08:14:03.000Z',
    identities: [
      {
        connection: 'Username-Password-Authentication',
        provider: 'auth0',
        user_id: '65a4f0c2e1d3b4a5c6d7e8f9',
        isSocial: false,
      },
    ],
    multifactor: [],
    enrolledFactors: [],
    app_metadata: {},
    user_metadata: {},
  },
  client: { client_id: 'Xb8Wg2kQp4sT6vY9zA1cE3fH5jL7nR0u', name: 'Identity as Code SPA', metadata: {} },
  connection: {
    id: 'con_Q2w3E4r5T6y7U8i9',
    name: 'Username-Password-Authentication',
    strategy: 'auth0',
    metadata: {},
  },
  request: {
    ip: '203.0.113.24',
    hostname: DEFAULT_TENANT_DOMAIN,
    method: 'POST',
    language: 'en-GB',
    user_agent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    geoip: {
      cityName: 'London',
      continentCode: 'EU',
      countryCode: 'GB',
      countryCode3: 'GBR',
      countryName: 'United Kingdom',
      latitude: 51.5072,
      longitude: -0.1276,
      subdivisionCode: 'ENG',
      subdivisionName: 'England',
      timeZone: 'Europe/London',
    },
    query: {
      client_id: 'Xb8Wg2kQp4sT6vY9zA1cE3fH5jL7nR0u',
      redirect_uri: 'http://localhost:5173/callback',
      response_type: 'code',
      response_mode: 'query',
      scope: 'openid profile email',
      audience: DEFAULT_API_AUDIENCE,
      state: 'c3RhdGUtMTIzNDU2Nzg5MA',
      nonce: 'bm9uY2UtMTIzNDU2Nzg5MA',
      code_challenge_method: 'S256',
    },
    body: {},
  },
  stats: { logins_count: 7 },
  tenant: { id: 'local' },
  secrets: {},
  transaction: {
    id: 'tx_9hJ8kL7mN6bV5cX4',
    acr_values: [],
    locale: 'en',
    prompt: [],
    protocol: 'oidc-basic-profile',
    redirect_uri: 'http://localhost:5173/callback',
    requested_scopes: ['openid', 'profile', 'email'],
    response_mode: 'query',
    response_type: ['code'],
    state: 'c3RhdGUtMTIzNDU2Nzg5MA',
    ui_locales: [],
    metadata: {},
  },
  authorization: { roles: [] },
  resource_server: { identifier: DEFAULT_API_AUDIENCE },
  authentication: { methods: [{ name: 'pwd', timestamp: LOGIN_TIME }] },
  session: {
    id: 'sess_Z1x2C3v4B5n6M7a8',
    created_at: LOGIN_TIME,
    updated_at: LOGIN_TIME,
    authenticated_at: LOGIN_TIME,
    last_interacted_at: LOGIN_TIME,
    user_id: 'auth0|65a4f0c2e1d3b4a5c6d7e8f9',
    device: {
      initial_ip: '203.0.113.24',
      initial_user_agent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      last_ip: '203.0.113.24',
      last_user_agent:
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    },
    clients: [{ client_id: 'Xb8Wg2kQp4sT6vY9zA1cE3fH5jL7nR0u' }],
    cookie: { mode: 'persistent' },
    metadata: {},
  },
});

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Objects merge key by key; arrays and scalars replace; `undefined` removes the key. */
const mergeInto = (base: Record<string, unknown>, override: Record<string, unknown>): void => {
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) {
      delete base[key];
      continue;
    }
    const current = Object.hasOwn(base, key) ? base[key] : undefined;
    if (isPlainObject(current) && isPlainObject(value)) mergeInto(current, value);
    else
      Object.defineProperty(base, key, {
        value: structuredClone(value),
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
};

/**
 * A realistic post-login `event` with `overrides` merged in deeply. Every call returns fresh objects,
 * so tests never share state through an event.
 */
export const buildEvent = (overrides: DeepPartial<PostLoginEvent> = {}): PostLoginEvent => {
  const event = defaultEvent();
  mergeInto(event as unknown as Record<string, unknown>, overrides as Record<string, unknown>);
  return event;
};
