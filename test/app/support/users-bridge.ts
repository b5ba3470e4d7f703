import { HttpResponse, http, type RequestHandler } from 'msw';
import type { LocalTenant } from '../../../emulator/tenant/local-tenant.ts';

/**
 * `GET/PATCH /api/v2/users/{id}` on the local tenant's own state, with Auth0's top-level merge of
 * `user_metadata`, for as long as the fake tenant does not answer them itself.
 */
export const usersBridge = (tenant: LocalTenant): RequestHandler[] => {
  const base = `https://${tenant.domain}/api/v2/users/:id`;
  const find = (id: unknown) => tenant.state.users.find((user) => user.user_id === id);
  return [
    http.get(base, ({ params }) => {
      const user = find(params.id);
      return user ? HttpResponse.json(structuredClone(user)) : HttpResponse.json({}, { status: 404 });
    }),
    http.patch(base, async ({ params, request }) => {
      const user = find(params.id);
      if (!user) return HttpResponse.json({}, { status: 404 });
      const body = (await request.json()) as { user_metadata?: Record<string, unknown> };
      const merged: Record<string, unknown> = { ...user.user_metadata };
      for (const [key, value] of Object.entries(body.user_metadata ?? {})) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      user.user_metadata = merged as typeof user.user_metadata;
      return HttpResponse.json(structuredClone(user));
    }),
  ];
};
