import type { Management } from 'auth0';
import { Hono } from 'hono';
import { badRequest, conflict, json, noContent, readJsonObject } from '../http.ts';
import type { OrganizationConnectionRecord, OrganizationRecord } from '../organization-state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { organizationById } from './organizations.ts';
import { findOr404, pagedList, queryOf, requireString } from './payload.ts';
import type { OrganizationConnectionResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// The connections an organization enables. Auth0 serves them at two paths: the classic
// `/organizations/{id}/enabled_connections`, and `/organizations/{id}/connections` (Early Access, with
// `is_enabled`, `organization_access_level`, `organization_connection_name`), which is the one
// auth0-deploy-cli 8.44 reads and writes (its SDK's `organizations.connections`). Both show one list.

const ACCESS_LEVELS = [
  'none',
  'readonly',
  'limited',
  'full',
] as const satisfies readonly Management.OrganizationAccessLevelEnum[];
const FLAGS = ['assign_membership_on_login', 'show_as_button', 'is_signup_enabled', 'is_enabled'] as const;
const NAMES = ['organization_connection_name', 'organization_access_level'] as const;

type Path = 'enabled_connections' | 'connections';

const view =
  (c: TenantRequestContext, path: Path) =>
  (enabled: OrganizationConnectionRecord): OrganizationConnectionResponse => {
    const connection = c.env.tenant.state.connections.find(
      (candidate) => candidate.id === enabled.connection_id,
    );
    const { is_enabled, organization_access_level, organization_connection_name, ...classic } = enabled;
    const extended =
      path === 'connections'
        ? {
            is_enabled: is_enabled ?? true,
            ...(organization_access_level ? { organization_access_level } : {}),
            ...(organization_connection_name ? { organization_connection_name } : {}),
          }
        : {};
    return {
      ...classic,
      ...extended,
      connection: { name: connection?.name ?? '', strategy: connection?.strategy ?? '' },
    };
  };

/** Checks and copies the organization's settings for a connection out of a request body. */
const readSettings = (
  body: Record<string, unknown>,
  into: OrganizationConnectionRecord,
  path: Path,
): void => {
  const allowed: readonly string[] =
    path === 'connections' ? [...FLAGS, ...NAMES, 'connection_id'] : [...FLAGS.slice(0, 3), 'connection_id'];
  for (const [field, value] of Object.entries(body)) {
    if (!allowed.includes(field)) {
      throw badRequest(`Payload validation error: 'Additional properties not allowed: ${field}'.`);
    }
    if (value === undefined || field === 'connection_id') continue;
    if ((FLAGS as readonly string[]).includes(field)) {
      if (typeof value !== 'boolean') {
        throw badRequest(
          `Payload validation error: 'Expected type boolean but found type ${typeof value}' on property ${field}.`,
        );
      }
      into[field as (typeof FLAGS)[number]] = value;
    } else if (field === 'organization_access_level') {
      if (!(ACCESS_LEVELS as readonly unknown[]).includes(value)) {
        throw badRequest(`Payload validation error: 'Invalid value ${String(value)}' on property ${field}.`);
      }
      into.organization_access_level = value as Management.OrganizationAccessLevelEnum;
    } else if (typeof value === 'string') into.organization_connection_name = value;
  }
};

const enabledOr404 = (
  c: TenantRequestContext,
  organization: OrganizationRecord,
): OrganizationConnectionRecord =>
  findOr404(
    organization.connections,
    (enabled) => enabled.connection_id === c.req.param('connection'),
    'connection',
  );

const routesAt = (path: Path) =>
  new Hono<TenantEnv>()
    .get(`/organizations/:id/${path}`, requireScope('read:organization_connections'), (c) =>
      pagedList(organizationById(c).connections, queryOf(c), path, view(c, path)),
    )
    .get(`/organizations/:id/${path}/:connection`, requireScope('read:organization_connections'), (c) =>
      json(view(c, path)(enabledOr404(c, organizationById(c)))),
    )
    .post(`/organizations/:id/${path}`, requireScope('create:organization_connections'), async (c) => {
      const organization = organizationById(c);
      const body = await readJsonObject(c.req.raw);
      const connectionId = requireString(body, 'connection_id');
      findOr404(c.env.tenant.state.connections, (connection) => connection.id === connectionId, 'connection');
      if (organization.connections.some((enabled) => enabled.connection_id === connectionId)) {
        throw conflict('The connection is already enabled for this organization.');
      }
      // Auth0's defaults: no membership on login, shown as a button.
      const enabled: OrganizationConnectionRecord = {
        connection_id: connectionId,
        assign_membership_on_login: false,
        show_as_button: true,
      };
      readSettings(body, enabled, path);
      organization.connections.push(enabled);
      return json(view(c, path)(enabled), 201);
    })
    .patch(
      `/organizations/:id/${path}/:connection`,
      requireScope('update:organization_connections'),
      async (c) => {
        const enabled = enabledOr404(c, organizationById(c));
        const body = await readJsonObject(c.req.raw);
        if ('connection_id' in body) {
          throw badRequest("Payload validation error: 'Additional properties not allowed: connection_id'.");
        }
        readSettings(body, enabled, path);
        return json(view(c, path)(enabled));
      },
    )
    .delete(
      `/organizations/:id/${path}/:connection`,
      requireScope('delete:organization_connections'),
      (c) => {
        const organization = organizationById(c);
        const enabled = enabledOr404(c, organization);
        organization.connections = organization.connections.filter((candidate) => candidate !== enabled);
        return noContent();
      },
    );

export const organizationConnectionRoutes = new Hono<TenantEnv>()
  .route('/', routesAt('enabled_connections'))
  .route('/', routesAt('connections'));
