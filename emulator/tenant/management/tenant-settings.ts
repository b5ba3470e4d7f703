import { Hono } from 'hono';
import { json, readJsonObject } from '../http.ts';
import type { TenantSettings } from '../state.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { refuseFields, toJsonObject } from './payload.ts';
import { checkSettingsFields } from './record-fields.ts';
import type { TenantSettingsResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `GET/PATCH /api/v2/tenants/settings`. A PATCH replaces top-level settings; `flags` is merged key by
// key, as Auth0 does, so one flag can be turned on without restating the others.

const READ_ONLY = ['tenant', 'sandbox_versions_available'];

const viewSettings = (settings: TenantSettings): TenantSettingsResponse => structuredClone(settings);

export const tenantSettingsRoutes = new Hono<TenantEnv>()
  .get('/tenants/settings', requireScope('read:tenant_settings'), (c) =>
    json(viewSettings(c.env.tenant.state.settings)),
  )
  .patch('/tenants/settings', requireScope('update:tenant_settings'), async (c) => {
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, READ_ONLY);
    const { flags } = checkSettingsFields(body);
    const { settings } = c.env.tenant.state;
    const previousFlags = settings.flags;
    Object.assign(settings, toJsonObject(body));
    if (flags) settings.flags = { ...previousFlags, ...flags };
    return json(viewSettings(settings));
  });
