import {
  ManagementClient as Auth0ManagementClient,
  ManagementError as Auth0ManagementError,
  Management,
} from 'auth0';

// The preferences API's two Management API calls, made through the auth0 SDK's ManagementClient: it
// fetches the client-credentials token, caches it until 10 s before it expires and requests one token
// at a time however many calls wait for it (auth0 v7, management/wrapper/token-provider.js). This
// adapter only sets what the API needs on top of it: no retries (core/fetcher/requestWithRetries.js
// retries 408/429/5xx twice by default), a 10 s timeout, the tenant reached at a base URL of our
// choosing (wrapper/ManagementClient.js fixes `https://<domain>/api/v2`; its `fetch` option is used by
// both the token and the API requests), one renewal after a 401 (the SDK has none), and the SDK's
// errors turned into the three failures the API answers differently.

export type ManagementFailure = 'rate_limited' | 'user_not_found' | 'upstream_error';

/** A Management API call that failed; `retryAfterS` is set when Auth0 said when to try again. */
export class ManagementError extends Error {
  override readonly name = 'ManagementError';
  constructor(
    readonly code: ManagementFailure,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

export interface ManagementClientOptions {
  /** `https://<domain>`, or the local tenant's loopback URL. */
  readonly tenantBaseUrl: string;
  /** `https://<domain>/api/v2/`: also names the tenant's domain. */
  readonly audience: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetch?: typeof fetch;
  /** Seconds a Management API call may take (default 10). */
  readonly timeoutS?: number;
}

export interface ManagementClient {
  readUserMetadata(userId: string): Promise<unknown>;
  /** Sends a top-level `user_metadata` merge and returns the user's metadata as saved. */
  writeUserMetadata(userId: string, update: Record<string, unknown>): Promise<unknown>;
}

/** A request to the tenant that takes longer than this fails, rather than holding the user's lock. */
const DEFAULT_TIMEOUT_S = 10;
/**
 * The SDK retries 408, 429 and 5xx twice by default, sleeping up to a minute on a 429. The user's
 * request is waiting, so a 429 goes straight back as 503 with `Retry-After` and the app decides.
 */
const MAX_RETRIES = 0;
/** When a 429 carries no reset time, ask the caller to wait this long. */
const DEFAULT_RETRY_AFTER_S = 1;
/** The SDK's own words for a failed client-credentials request (auth0 v7, wrapper/token-provider.js). */
const TOKEN_REQUEST_FAILED = 'ManagementClient: token request';

const retryAfter = (headers: Headers | undefined): number => {
  const header = Number(headers?.get('retry-after'));
  if (Number.isFinite(header) && header > 0) return Math.ceil(header);
  const reset = Number(headers?.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(1, Math.ceil(reset - Date.now() / 1000));
  return DEFAULT_RETRY_AFTER_S;
};

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The SDK's error as one of ours, naming the call; never the response body (it may echo user data). */
const translate = (error: unknown, what: string): ManagementError => {
  // Not an answer from the tenant: the connection failed, or the SDK's ManagementTimeoutError.
  if (!(error instanceof Auth0ManagementError)) {
    return new ManagementError('upstream_error', `${what}: no answer (${describe(error)})`);
  }
  const call = error.message.startsWith(TOKEN_REQUEST_FAILED) ? 'client-credentials token' : what;
  if (error.statusCode === 429) {
    return new ManagementError(
      'rate_limited',
      `${call}: rate limited`,
      retryAfter(error.rawResponse?.headers),
    );
  }
  if (error instanceof Management.NotFoundError)
    return new ManagementError('user_not_found', `${what}: not found`);
  // No status: the request never got an answer. With Node's fetch the SDK reports its own timeout
  // this way too, as a ManagementError whose cause is the string "timeout" (core/fetcher/signals.js).
  const status =
    error.statusCode === undefined
      ? `no answer (${describe(error.cause ?? error)})`
      : `HTTP ${error.statusCode}`;
  return new ManagementError('upstream_error', `${call}: ${status}`);
};

/**
 * The SDK always addresses `https://<domain>`; the local tenant answers plain http on a loopback
 * port, so requests to the tenant's origin are sent to the configured base URL instead.
 */
const fetchAt = (tenantOrigin: string, baseUrl: string, send: typeof fetch): typeof fetch => {
  if (baseUrl === tenantOrigin) return send;
  return (input, init) => {
    const url = typeof input === 'string' || input instanceof URL ? String(input) : undefined;
    return url?.startsWith(`${tenantOrigin}/`)
      ? send(`${baseUrl}${url.slice(tenantOrigin.length)}`, init)
      : send(input, init);
  };
};

/** A Management API client for the preferences API, on the auth0 SDK's ManagementClient. */
export const createManagementClient = (options: ManagementClientOptions): ManagementClient => {
  const audience = new URL(options.audience);
  // Read the global fetch at call time, so a test's msw interceptor installed later is used.
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const connect = () =>
    new Auth0ManagementClient({
      domain: audience.host,
      audience: options.audience,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      fetch: fetchAt(audience.origin, options.tenantBaseUrl.replace(/\/+$/, ''), send),
      maxRetries: MAX_RETRIES,
      timeoutInSeconds: options.timeoutS ?? DEFAULT_TIMEOUT_S,
    });
  let sdk = connect();

  const call = async <T>(
    what: string,
    request: (client: Auth0ManagementClient) => Promise<T>,
  ): Promise<T> => {
    const client = sdk;
    try {
      return await request(client);
    } catch (error) {
      if (!(error instanceof Management.UnauthorizedError)) throw translate(error, what);
    }
    // Our cached token was refused: revoked, or the tenant's keys rotated. The SDK keeps a token until
    // it expires and cannot be told to drop it, so a fresh client (one new token) gets one more try.
    if (sdk === client) sdk = connect();
    try {
      return await request(sdk);
    } catch (error) {
      throw translate(error, what);
    }
  };

  return {
    readUserMetadata: (userId) =>
      call('user GET', async (client) => {
        // Read only what we use: the rest of the profile is personal data this API has no need for.
        const user = await client.users.get(userId, { fields: 'user_metadata', include_fields: true });
        return user.user_metadata ?? {};
      }),
    writeUserMetadata: (userId, update) =>
      call('user PATCH', async (client) => {
        const user = await client.users.update(userId, { user_metadata: update });
        return user.user_metadata ?? {};
      }),
  };
};
