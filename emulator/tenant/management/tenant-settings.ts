import { json, readJsonObject } from '../http.ts';
import type { Route } from '../router.ts';
import type { JsonObject } from '../state.ts';
import { refuseFields, toJsonObject } from './payload.ts';

// `GET/PATCH /api/v2/tenants/settings`. A PATCH replaces top-level settings; `flags` is merged key by
// key, as Auth0 does, so one flag can be turned on without restating the others.

const READ_ONLY = ['tenant', 'sandbox_versions_available'];

export const tenantSettingsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/tenants/settings',
    scope: 'read:tenant_settings',
    handle: ({ tenant }) => json(tenant.state.settings),
  },
  {
    method: 'PATCH',
    path: '/api/v2/tenants/settings',
    scope: 'update:tenant_settings',
    handle: async ({ request, tenant }) => {
      const body = await readJsonObject(request);
      refuseFields(body, READ_ONLY);
      const patch = toJsonObject(body);
      const settings = tenant.state.settings;
      for (const [key, value] of Object.entries(patch)) {
        const current = settings[key];
        if (key === 'flags' && isObject(current) && isObject(value)) settings[key] = { ...current, ...value };
        else settings[key] = value;
      }
      return json(settings);
    },
  },
];

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
