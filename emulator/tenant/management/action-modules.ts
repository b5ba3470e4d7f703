import { Hono } from 'hono';
import { json } from '../http.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { pagingOf, queryOf } from './payload.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/actions/modules`: shared code modules for Actions. deploy-cli lists them on every import
// that has actions; this tenant keeps none, so the list is always empty.

export const actionModuleRoutes = new Hono<TenantEnv>().get(
  '/actions/modules',
  requireScope('read:actions'),
  (c) => {
    const { page, perPage } = pagingOf(queryOf(c));
    return json({ modules: [], total: 0, page, per_page: perPage });
  },
);
