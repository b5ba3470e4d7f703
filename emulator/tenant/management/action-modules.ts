import type { Management } from 'auth0';
import { Hono } from 'hono';
import { json } from '../http.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { pagingOf, queryOf } from './payload.ts';
import type { ActionsPage } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/actions/modules`: shared code modules for Actions. deploy-cli lists them on every import
// that has actions; this tenant keeps none, so the list is always empty.

export const actionModuleRoutes = new Hono<TenantEnv>().get(
  '/actions/modules',
  requireScope('read:actions'),
  (c) => {
    const { page, perPage } = pagingOf(queryOf(c));
    const body: ActionsPage<'modules', Management.ActionModuleListItem> = {
      modules: [],
      total: 0,
      page,
      per_page: perPage,
    };
    return json(body);
  },
);
