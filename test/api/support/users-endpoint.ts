import { HttpResponse, http } from 'msw';

export const TEST_TENANT_URL = 'https://tenant.test';

export interface StoredUser {
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
}

export interface UsersEndpoint {
  readonly users: Map<string, StoredUser>;
  readonly handlers: ReturnType<typeof http.get>[];
  /** How many client-credentials tokens the API asked for. */
  tokenRequests: number;
  /** The next N user calls answer 429, as Auth0 does when the tenant's rate limit is hit. */
  rateLimitNext: number;
  /** Milliseconds every user call waits, to widen race windows. */
  latencyMs: number;
}

const MANAGEMENT_TOKEN = 'management-token-1';

/**
 * The slice of the Management API the preferences API uses, with Auth0's semantics: a top-level
 * merge of `user_metadata` on PATCH (a nested object is replaced whole), `null` deletes a key.
 */
export const createUsersEndpoint = (seed: Record<string, StoredUser>): UsersEndpoint => {
  const endpoint: UsersEndpoint = {
    users: new Map(Object.entries(structuredClone(seed))),
    handlers: [],
    tokenRequests: 0,
    rateLimitNext: 0,
    latencyMs: 0,
  };
  const guard = async (request: Request) => {
    if (request.headers.get('authorization') !== `Bearer ${MANAGEMENT_TOKEN}`) {
      return HttpResponse.json({ statusCode: 401, error: 'Unauthorized' }, { status: 401 });
    }
    if (endpoint.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, endpoint.latencyMs));
    if (endpoint.rateLimitNext > 0) {
      endpoint.rateLimitNext -= 1;
      return HttpResponse.json(
        { statusCode: 429, error: 'Too Many Requests' },
        { status: 429, headers: { 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 7) } },
      );
    }
    return undefined;
  };
  endpoint.handlers.push(
    http.post(`${TEST_TENANT_URL}/oauth/token`, () => {
      endpoint.tokenRequests += 1;
      return HttpResponse.json({ access_token: MANAGEMENT_TOKEN, expires_in: 86_400, token_type: 'Bearer' });
    }),
    http.get(`${TEST_TENANT_URL}/api/v2/users/:id`, async ({ request, params }) => {
      const refused = await guard(request);
      if (refused) return refused;
      const user = endpoint.users.get(String(params.id));
      if (!user) return HttpResponse.json({ statusCode: 404 }, { status: 404 });
      return HttpResponse.json({ user_id: params.id, ...structuredClone(user) });
    }),
    http.patch(`${TEST_TENANT_URL}/api/v2/users/:id`, async ({ request, params }) => {
      const refused = await guard(request);
      if (refused) return refused;
      const user = endpoint.users.get(String(params.id));
      if (!user) return HttpResponse.json({ statusCode: 404 }, { status: 404 });
      const body = (await request.json()) as { user_metadata?: Record<string, unknown> };
      for (const [key, value] of Object.entries(body.user_metadata ?? {})) {
        if (value === null) delete user.user_metadata[key];
        else user.user_metadata[key] = value;
      }
      return HttpResponse.json({ user_id: params.id, ...structuredClone(user) });
    }),
  );
  return endpoint;
};
