import { json } from '../http.ts';
import type { Route } from '../router.ts';
import { pagingOf } from './payload.ts';

// `/api/v2/actions/modules`: shared code modules for Actions. deploy-cli lists them on every import
// that has actions; this tenant keeps none, so the list is always empty.

export const actionModuleRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/actions/modules',
    scope: 'read:actions',
    handle: ({ url }) => {
      const { page, perPage } = pagingOf(url.searchParams);
      return json({ modules: [], total: 0, page, per_page: perPage });
    },
  },
];
