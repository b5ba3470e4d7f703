import { Hono } from 'hono';
import { ApiError } from '../http.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { pagedList, queryOf } from './payload.ts';
import { type ManagementScope, requireScope } from './scopes.ts';

// Features this project does not manage (prompt rendering, directory provisioning...), answered
// as a fresh tenant answers them: empty lists and default settings. deploy-cli reads them during an
// export and during imports of YAML files that mention them, and stops on a 404.

/** A GET route answering the same way every time; `path` is below `/api/v2`. */
interface FixedRoute {
  path: string;
  scope: ManagementScope;
  answer(query: URLSearchParams): Response;
}

const emptyList = (path: string, key: string, scope: ManagementScope): FixedRoute => ({
  path,
  scope,
  answer: (query) => pagedList([], query, key, (item) => item),
});

/** What a free-plan tenant answers for paid features: deploy-cli skips them on a 403. */
const notOnPlan = (path: string, scope: ManagementScope): FixedRoute => ({
  path,
  scope,
  answer: () => {
    throw new ApiError(
      403,
      'operation_not_supported',
      "This feature is not available on the tenant's current plan.",
    );
  },
});

const UNUSED_FEATURES: FixedRoute[] = [
  emptyList('/prompts/rendering', 'configs', 'read:prompts'),
  emptyList('/connections-directory-provisionings', 'directory_provisionings', 'read:connections'),
  notOnPlan('/attack-protection/bot-detection', 'read:attack_protection'),
  notOnPlan('/attack-protection/captcha', 'read:attack_protection'),
  {
    path: '/prompts/:prompt/partials',
    scope: 'read:prompts',
    answer: () => {
      throw new ApiError(
        400,
        'invalid_request',
        'This feature requires at least one custom domain to be configured.',
      );
    },
  },
];

export const unusedFeatureRoutes = UNUSED_FEATURES.reduce(
  (app, route) => app.get(route.path, requireScope(route.scope), (c) => route.answer(queryOf(c))),
  new Hono<TenantEnv>(),
);
