import type { Route } from '../router.ts';
import { actionModuleRoutes } from './action-modules.ts';
import { actionRoutes } from './actions.ts';
import { clientGrantRoutes } from './client-grants.ts';
import { clientRoutes } from './clients.ts';
import { connectionRoutes } from './connections.ts';
import { resourceServerRoutes } from './resource-servers.ts';
import { tenantSettingsRoutes } from './tenant-settings.ts';
import { triggerRoutes } from './triggers.ts';
import { unusedFeatureRoutes } from './unused-features.ts';
import { userRoutes } from './users.ts';
import { usersExportRoutes } from './users-exports.ts';

/** Every `/api/v2` route the fake tenant answers, in matching order. */
export const managementRoutes: readonly Route[] = [
  ...tenantSettingsRoutes,
  ...clientRoutes,
  ...resourceServerRoutes,
  ...clientGrantRoutes,
  ...actionRoutes,
  ...actionModuleRoutes,
  ...triggerRoutes,
  ...connectionRoutes,
  ...userRoutes,
  ...usersExportRoutes,
  ...unusedFeatureRoutes,
];

/** Every scope some management route asks for: the deploy client is granted all of them. */
export const allManagementScopes = (routes: readonly Route[]): string[] => [
  ...new Set(routes.flatMap((route) => (route.scope ? [route.scope, 'read:client_keys'] : []))),
];
