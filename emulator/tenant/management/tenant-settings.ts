import { Hono } from 'hono';
import { badRequest, json, readJsonObject } from '../http.ts';
import type { TenantSettings } from '../state.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { refuseFields, toJsonObject } from './payload.ts';
import { checkSettingsFields } from './record-fields.ts';
import type { TenantSettingsResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `GET/PATCH /api/v2/tenants/settings`. A PATCH replaces top-level settings; `flags` is merged key by
// key, as Auth0 does, so one flag can be turned on without restating the others.

const READ_ONLY = ['tenant', 'sandbox_versions_available'];

/**
 * Session lifetimes may be written in minutes (`session_lifetime_in_minutes`, as deploy-cli writes
 * them) or hours, never both; Auth0 keeps and answers hours (Management API v2, "Update tenant
 * settings").
 */
const LIFETIMES = [
  'session_lifetime',
  'idle_session_lifetime',
  'ephemeral_session_lifetime',
  'idle_ephemeral_session_lifetime',
];

const lifetimesInHours = (body: Record<string, unknown>): Record<string, unknown> => {
  const out = { ...body };
  for (const field of LIFETIMES) {
    const minutes = out[`${field}_in_minutes`];
    if (minutes === undefined) continue;
    if (field in out || typeof minutes !== 'number') {
      throw badRequest(
        `Payload validation error: '${field}_in_minutes' cannot be specified together with '${field}' and must be a number.`,
      );
    }
    delete out[`${field}_in_minutes`];
    out[field] = minutes / 60;
  }
  return out;
};

const viewSettings = (settings: TenantSettings): TenantSettingsResponse => structuredClone(settings);

export const tenantSettingsRoutes = new Hono<TenantEnv>()
  .get('/tenants/settings', requireScope('read:tenant_settings'), (c) =>
    json(viewSettings(c.env.tenant.state.settings)),
  )
  .patch('/tenants/settings', requireScope('update:tenant_settings'), async (c) => {
    const body = lifetimesInHours(await readJsonObject(c.req.raw));
    refuseFields(body, READ_ONLY);
    const { flags } = checkSettingsFields(body);
    const { settings } = c.env.tenant.state;
    const previousFlags = settings.flags;
    Object.assign(settings, toJsonObject(body));
    if (flags) settings.flags = { ...previousFlags, ...flags };
    return json(viewSettings(settings));
  });
