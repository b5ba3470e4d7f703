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
  /** `https://<domain>/api/v2/`. */
  readonly audience: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

export interface ManagementClient {
  readUserMetadata(userId: string): Promise<unknown>;
  /** Sends a top-level `user_metadata` merge and returns the user's metadata as saved. */
  writeUserMetadata(userId: string, update: Record<string, unknown>): Promise<unknown>;
}

/** Renew the token this long before it expires, so no request goes out with a token about to die. */
const TOKEN_RENEWAL_MARGIN_MS = 60_000;
/** A request to the tenant that takes longer than this fails, rather than holding the user's lock. */
const REQUEST_TIMEOUT_MS = 10_000;
/** When a 429 carries no reset time, ask the caller to wait this long. */
const DEFAULT_RETRY_AFTER_S = 1;

const retryAfter = (response: Response, now: number): number => {
  const header = Number(response.headers.get('retry-after'));
  if (Number.isFinite(header) && header > 0) return Math.ceil(header);
  const reset = Number(response.headers.get('x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(1, Math.ceil(reset - now / 1000));
  return DEFAULT_RETRY_AFTER_S;
};

/**
 * A small client for the two Management API calls the preferences API makes, with its own
 * client-credentials token cached until shortly before it expires. It does not retry 429s: the
 * user's request is waiting, so the API answers 503 with `Retry-After` and lets the app decide.
 */
export const createManagementClient = (options: ManagementClientOptions): ManagementClient => {
  const send = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  let cached: { token: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;

  const failure = (response: Response, what: string): ManagementError =>
    response.status === 429
      ? new ManagementError('rate_limited', `${what}: rate limited`, retryAfter(response, now()))
      : new ManagementError('upstream_error', `${what}: HTTP ${response.status}`);

  const fetchToken = async (): Promise<string> => {
    const response = await send(`${options.tenantBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        audience: options.audience,
      }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) throw failure(response, 'client-credentials token');
    const body = (await response.json()) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') {
      throw new ManagementError('upstream_error', 'client-credentials token: no access_token in the answer');
    }
    const lifetimeMs = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 0;
    cached = {
      token: body.access_token,
      renewAt: now() + Math.max(lifetimeMs - TOKEN_RENEWAL_MARGIN_MS, lifetimeMs / 2),
    };
    return body.access_token;
  };

  /** One token request at a time, however many user requests need a token at once. */
  const token = (): Promise<string> => {
    if (cached && now() < cached.renewAt) return Promise.resolve(cached.token);
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const call = async (method: 'GET' | 'PATCH', userId: string, body?: unknown): Promise<unknown> => {
    const userUrl = `${options.tenantBaseUrl}/api/v2/users/${encodeURIComponent(userId)}`;
    // Read only what we use: the rest of the profile is personal data this API has no need for.
    const url = method === 'GET' ? `${userUrl}?fields=user_metadata&include_fields=true` : userUrl;
    for (let attempt = 0; ; attempt += 1) {
      const response = await send(url, {
        method,
        headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      // A 401 means our cached token was revoked or the tenant's keys rotated: renew it once.
      if (response.status === 401 && attempt === 0) {
        cached = undefined;
        continue;
      }
      if (response.status === 404) throw new ManagementError('user_not_found', `user ${method}: not found`);
      if (!response.ok) throw failure(response, `user ${method}`);
      const user = (await response.json()) as { user_metadata?: unknown };
      return user.user_metadata ?? {};
    }
  };

  return {
    readUserMetadata: (userId) => call('GET', userId),
    writeUserMetadata: (userId, update) => call('PATCH', userId, { user_metadata: update }),
  };
};
