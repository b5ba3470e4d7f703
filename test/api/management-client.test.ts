import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManagementClient, ManagementError } from '../../api/management-client.ts';

const BASE = 'https://tenant.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** A tenant that issues numbered tokens living `lifetimeS` seconds and accepts only the latest. */
const tenantIssuing = (lifetimeS: number) => {
  const seen = { tokens: 0, bearer: [] as string[] };
  server.resetHandlers(
    http.post(`${BASE}/oauth/token`, async ({ request }) => {
      const body = (await request.json()) as Record<string, string>;
      if (body.client_secret !== 'secret' || body.audience !== `${BASE}/api/v2/`) {
        return HttpResponse.json({ error: 'access_denied' }, { status: 401 });
      }
      seen.tokens += 1;
      return HttpResponse.json({ access_token: `token-${seen.tokens}`, expires_in: lifetimeS });
    }),
    http.get(`${BASE}/api/v2/users/:id`, ({ request }) => {
      const bearer = request.headers.get('authorization') ?? '';
      seen.bearer.push(bearer);
      if (bearer !== `Bearer token-${seen.tokens}`) return HttpResponse.json({}, { status: 401 });
      return HttpResponse.json({ user_id: 'u', user_metadata: { display_name: 'Ada' } });
    }),
  );
  return seen;
};

const client = (now: () => number, clientSecret = 'secret') =>
  createManagementClient({
    tenantBaseUrl: BASE,
    audience: `${BASE}/api/v2/`,
    clientId: 'id',
    clientSecret,
    now,
  });

describe('Management API client', () => {
  it('reuses its token until a minute before expiry, then fetches a new one', async () => {
    const seen = tenantIssuing(3600);
    let clock = 0;
    const management = client(() => clock);
    await Promise.all([management.readUserMetadata('u'), management.readUserMetadata('u')]);
    clock = 3_500_000;
    await management.readUserMetadata('u');
    expect(seen.tokens).toBe(1);
    clock = 3_541_000;
    expect(await management.readUserMetadata('u')).toEqual({ display_name: 'Ada' });
    expect(seen.tokens).toBe(2);
  });

  it('fetches a new token once when the tenant refuses the cached one', async () => {
    const seen = tenantIssuing(3600);
    const management = client(() => 0);
    await management.readUserMetadata('u');
    seen.tokens += 1; // the tenant now only accepts a token it has not issued yet: ours is revoked
    expect(await management.readUserMetadata('u')).toEqual({ display_name: 'Ada' });
    expect(seen.bearer.at(-1)).toBe(`Bearer token-${seen.tokens}`);
  });

  it('reports bad client credentials as an upstream error naming the token request', async () => {
    tenantIssuing(3600);
    const failure = await client(() => 0, 'wrong')
      .readUserMetadata('u')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ManagementError);
    expect(failure).toMatchObject({ code: 'upstream_error', message: 'client-credentials token: HTTP 401' });
  });
});
