import { Hono } from 'hono';
import type { Json } from '../../../core/json.ts';
import { badRequest, conflict, json, noContent, readJsonObject } from '../http.ts';
import type { OrganizationRecord } from '../organization-state.ts';
import { randomId } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { findOr404, pagedList, queryOf, refuseFields, requireString, toJsonObject } from './payload.ts';
import type { OrganizationClientGrantResponse, OrganizationResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/organizations`: the organizations themselves (name, display name, branding, metadata) and
// the client grants associated with each. Connections and members live in their own modules.

/** "Maximum of 25 metadata properties", each "string values (max 255 chars)" (the SDK's OrganizationMetadata). */
const MAX_METADATA_KEYS = 25;
const MAX_METADATA_VALUE = 255;
/** Fields kept as sent: Auth0 writes them, and nothing the local tenant does reads them. */
const STORED_AS_SENT = ['token_quota', 'third_party_client_access', 'is_app_entitlement_active'];
const WRITABLE = ['name', 'display_name', 'branding', 'metadata', 'enabled_connections', ...STORED_AS_SENT];

export const organizationById = (c: TenantRequestContext): OrganizationRecord =>
  findOr404(
    c.env.tenant.state.organizations,
    (organization) => organization.id === c.req.param('id'),
    'organization',
  );

export const viewOrganization = (organization: OrganizationRecord): OrganizationResponse => ({
  ...structuredClone(organization.extra),
  id: organization.id,
  name: organization.name,
  ...(organization.display_name === undefined ? {} : { display_name: organization.display_name }),
  ...(organization.branding === undefined ? {} : { branding: structuredClone(organization.branding) }),
  metadata: { ...organization.metadata },
});

/** Metadata merges key by key; `null` deletes a key, as in the Management API's PATCH. */
const mergeMetadata = (current: Record<string, string>, sent: unknown): Record<string, string> => {
  if (sent === null) return {};
  if (typeof sent !== 'object' || Array.isArray(sent)) {
    throw badRequest(
      "Payload validation error: 'Expected type object but found type string' on property metadata.",
    );
  }
  const merged = { ...current };
  for (const [key, value] of Object.entries(sent as Record<string, unknown>)) {
    if (value === null) delete merged[key];
    else if (typeof value !== 'string' || value.length > MAX_METADATA_VALUE) {
      throw badRequest(
        `Payload validation error: 'metadata.${key} must be a string of at most ${MAX_METADATA_VALUE} characters' on property metadata.`,
      );
    } else merged[key] = value;
  }
  if (Object.keys(merged).length > MAX_METADATA_KEYS) {
    throw badRequest(
      `Payload validation error: 'Too many properties: at most ${MAX_METADATA_KEYS}' on property metadata.`,
    );
  }
  return merged;
};

const refuseUnknown = (body: Record<string, unknown>, allowed: readonly string[]): void => {
  const unknown = Object.keys(body).filter((field) => !allowed.includes(field));
  if (unknown.length) refuseFields(body, unknown);
};

/** Applies a create or update body; the name stays unique across the tenant (409 otherwise). */
const applyFields = (c: TenantRequestContext, record: OrganizationRecord, body: Record<string, unknown>) => {
  if (body.name !== undefined) {
    const name = requireString(body, 'name');
    const taken = c.env.tenant.state.organizations.some((other) => other !== record && other.name === name);
    if (taken) throw conflict('An organization with this name already exists.', 'organization_conflict');
    record.name = name;
  }
  if (body.display_name !== undefined) record.display_name = requireString(body, 'display_name');
  if (body.branding !== undefined)
    record.branding = toJsonObject({ branding: body.branding }).branding as never;
  if (body.metadata !== undefined) record.metadata = mergeMetadata(record.metadata, body.metadata);
  for (const field of STORED_AS_SENT) {
    if (body[field] === null) delete record.extra[field];
    else if (body[field] !== undefined) record.extra[field] = toJsonObject({ v: body[field] }).v as Json;
  }
};

export const organizationRoutes = new Hono<TenantEnv>()
  .get('/organizations', requireScope('read:organizations'), (c) =>
    pagedList(c.env.tenant.state.organizations, queryOf(c), 'organizations', viewOrganization),
  )
  .get('/organizations/name/:name', requireScope('read:organizations'), (c) =>
    json(
      viewOrganization(
        findOr404(
          c.env.tenant.state.organizations,
          (organization) => organization.name === c.req.param('name'),
          'organization',
        ),
      ),
    ),
  )
  .get('/organizations/:id', requireScope('read:organizations'), (c) =>
    json(viewOrganization(organizationById(c))),
  )
  .post('/organizations', requireScope('create:organizations'), async (c) => {
    const body = await readJsonObject(c.req.raw);
    refuseUnknown(body, WRITABLE);
    const record: OrganizationRecord = {
      id: randomId('org_', 8),
      name: requireString(body, 'name'),
      metadata: {},
      extra: {},
      connections: [],
      members: [],
      clientGrants: [],
    };
    applyFields(c, record, body);
    const { state } = c.env.tenant;
    for (const entry of Array.isArray(body.enabled_connections) ? body.enabled_connections : []) {
      const connectionId = String((entry as Record<string, unknown>).connection_id ?? '');
      findOr404(state.connections, (connection) => connection.id === connectionId, 'connection');
      const flags = entry as Record<string, unknown>;
      record.connections.push({
        connection_id: connectionId,
        assign_membership_on_login: flags.assign_membership_on_login === true,
        show_as_button: flags.show_as_button !== false,
      });
    }
    state.organizations.push(record);
    return json(viewOrganization(record), 201);
  })
  .patch('/organizations/:id', requireScope('update:organizations'), async (c) => {
    const record = organizationById(c);
    const body = await readJsonObject(c.req.raw);
    refuseUnknown(
      body,
      WRITABLE.filter((field) => field !== 'enabled_connections'),
    );
    applyFields(c, record, body);
    return json(viewOrganization(record));
  })
  .delete('/organizations/:id', requireScope('delete:organizations'), (c) => {
    const record = organizationById(c);
    const { state } = c.env.tenant;
    state.organizations = state.organizations.filter((organization) => organization !== record);
    return noContent();
  })
  .get('/organizations/:id/client-grants', requireScope('read:organization_client_grants'), (c) => {
    const record = organizationById(c);
    const grants = c.env.tenant.state.clientGrants.filter((grant) => record.clientGrants.includes(grant.id));
    return pagedList(
      grants,
      queryOf(c),
      'client_grants',
      (grant): OrganizationClientGrantResponse => ({
        id: grant.id,
        client_id: grant.client_id,
        audience: grant.audience,
        scope: [...grant.scope],
      }),
    );
  })
  .post('/organizations/:id/client-grants', requireScope('create:organization_client_grants'), async (c) => {
    const record = organizationById(c);
    const grantId = requireString(await readJsonObject(c.req.raw), 'grant_id');
    const grant = findOr404(
      c.env.tenant.state.clientGrants,
      (candidate) => candidate.id === grantId,
      'client grant',
    );
    if (!record.clientGrants.includes(grant.id)) record.clientGrants.push(grant.id);
    return json(
      { id: grant.id, client_id: grant.client_id, audience: grant.audience, scope: grant.scope },
      201,
    );
  })
  .delete(
    '/organizations/:id/client-grants/:grant',
    requireScope('delete:organization_client_grants'),
    (c) => {
      const record = organizationById(c);
      record.clientGrants = record.clientGrants.filter((id) => id !== c.req.param('grant'));
      return noContent();
    },
  );
