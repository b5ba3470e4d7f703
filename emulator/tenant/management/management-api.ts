import { Hono } from 'hono';
import { ApiError } from '../http.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { actionModuleRoutes } from './action-modules.ts';
import { actionRoutes } from './actions.ts';
import { brandingTemplateRoutes } from './branding-templates.ts';
import { brandingThemeRoutes } from './branding-themes.ts';
import { clientCredentialRoutes } from './client-credentials.ts';
import { clientGrantRoutes } from './client-grants.ts';
import { clientRoutes } from './clients.ts';
import { connectionRoutes } from './connections.ts';
import { deviceCredentialRoutes } from './device-credentials.ts';
import { organizationConnectionRoutes } from './organization-connections.ts';
import { organizationDiscoveryRoutes } from './organization-discovery.ts';
import { organizationMemberRoutes } from './organization-members.ts';
import { organizationRoutes } from './organizations.ts';
import { profileCollectionRoutes } from './profile-collections.ts';
import { resourceServerRoutes } from './resource-servers.ts';
import { roleRoutes } from './roles.ts';
import { settingsTypeRoutes } from './settings-types.ts';
import { storedCollectionRoutes } from './stored-collections.ts';
import { storedSettingRoutes } from './stored-settings.ts';
import { tenantSettingsRoutes } from './tenant-settings.ts';
import { triggerRoutes } from './triggers.ts';
import { unusedFeatureRoutes } from './unused-features.ts';
import { userEnrollmentRoutes } from './user-enrollments.ts';
import { userIdentityRoutes } from './user-identities.ts';
import { userRoutes } from './users.ts';
import { usersExportRoutes } from './users-exports.ts';

/** The Management API (`/api/v2`): one sub-app per resource, mounted into the tenant app. */
export const managementApi = new Hono<TenantEnv>()
  .route('/', tenantSettingsRoutes)
  .route('/', clientRoutes)
  .route('/', clientCredentialRoutes)
  .route('/', resourceServerRoutes)
  .route('/', clientGrantRoutes)
  .route('/', actionRoutes)
  .route('/', actionModuleRoutes)
  .route('/', triggerRoutes)
  .route('/', connectionRoutes)
  .route('/', roleRoutes)
  .route('/', settingsTypeRoutes)
  .route('/', storedSettingRoutes)
  .route('/', storedCollectionRoutes)
  .route('/', brandingTemplateRoutes)
  .route('/', brandingThemeRoutes)
  .route('/', profileCollectionRoutes)
  .route('/', userRoutes)
  .route('/', userIdentityRoutes)
  .route('/', userEnrollmentRoutes)
  .route('/', deviceCredentialRoutes)
  .route('/', usersExportRoutes)
  .route('/', organizationRoutes)
  .route('/', organizationConnectionRoutes)
  .route('/', organizationDiscoveryRoutes)
  .route('/', organizationMemberRoutes)
  .route('/', unusedFeatureRoutes);

// A known path asked with another method is a 405, as on Auth0; an unknown path falls through to 404.
for (const path of new Set(managementApi.routes.map((route) => route.path))) {
  managementApi.all(path, (c) => {
    throw new ApiError(
      405,
      'method_not_allowed',
      `${c.req.method} is not allowed on ${new URL(c.req.url).pathname}`,
    );
  });
}
