import { Hono } from 'hono';
import type { JsonObject } from '../../../core/json.ts';
import { badRequest, json, noContent, readJsonObject } from '../http.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { type CollectionOptions, collectionOf, collectionRoutes } from './collection-routes.ts';
import { findOr404 } from './payload.ts';
import { requireScope } from './scopes.ts';

// The collections deploy-cli manages beyond applications, APIs and connections, each one row of
// options for the generic routes (collection-routes.ts), as the Management API v2 reference has them.

const COLLECTIONS: readonly CollectionOptions[] = [
  {
    path: '/network-acls',
    state: 'networkACLs',
    id: { field: 'id', prefix: 'acl_' },
    unique: 'priority',
    what: 'network ACL',
    scopeName: 'network_acls',
    listKey: 'network_acls',
    createRequired: ['description', 'active', 'priority', 'rule'],
    readOnlyOnUpdate: [],
    put: true,
  },
  {
    path: '/user-attribute-profiles',
    state: 'userAttributeProfiles',
    id: { field: 'id', prefix: 'uap_' },
    unique: 'name',
    what: 'user attribute profile',
    scopeName: 'user_attribute_profiles',
    listKey: 'user_attribute_profiles',
    createRequired: ['name', 'user_attributes'],
    readOnlyOnUpdate: [],
  },
  {
    path: '/branding/phone/templates',
    state: 'phoneTemplates',
    id: { field: 'id', prefix: 'tem_' },
    unique: 'type',
    what: 'phone notification template',
    scopeName: 'phone_templates',
    listKey: 'templates',
    paged: false,
    createRequired: ['type', 'content'],
    readOnlyOnUpdate: ['type', 'channel', 'customizable', 'tenant'],
    // deploy-cli updates only the body (and `from`); the syntax set on create stays.
    deepMerge: true,
    defaults: () => ({ channel: 'phone', customizable: true, disabled: false }),
  },
  {
    path: '/branding/phone/providers',
    state: 'phoneProviders',
    id: { field: 'id', prefix: 'pro_' },
    unique: 'name',
    what: 'phone provider',
    scopeName: 'phone_providers',
    listKey: 'providers',
    paged: false,
    createRequired: ['name', 'credentials'],
    readOnlyOnUpdate: ['channel', 'tenant'],
    hidden: ['credentials'],
    defaults: () => ({ channel: 'phone', disabled: false }),
  },
];

/**
 * Rules configs: values Rules read as `configuration`, set by key and listed by key only (Auth0 never
 * returns a value). Retired with Rules.
 */
const rulesConfigRoutes = new Hono<TenantEnv>()
  .get('/rules-configs', requireScope('read:rules_configs'), (c) =>
    json(collectionOf(c.env.tenant, 'rulesConfigs').map((item) => ({ key: item.key }))),
  )
  .put('/rules-configs/:key', requireScope('update:rules_configs'), async (c) => {
    const key = c.req.param('key');
    const body = await readJsonObject(c.req.raw);
    if (typeof body.value !== 'string') {
      throw badRequest("Payload validation error: 'Missing required property: value'.");
    }
    const items = collectionOf(c.env.tenant, 'rulesConfigs');
    const record: JsonObject = { key, value: body.value };
    const index = items.findIndex((item) => item.key === key);
    if (index >= 0) items[index] = record;
    else items.push(record);
    return json(record);
  })
  .delete('/rules-configs/:key', requireScope('delete:rules_configs'), (c) => {
    const items = collectionOf(c.env.tenant, 'rulesConfigs');
    const record = findOr404(items, (item) => item.key === c.req.param('key'), 'rules config');
    items.splice(items.indexOf(record), 1);
    return noContent();
  });

export const storedCollectionRoutes = COLLECTIONS.reduce(
  (app, options) => app.route('/', collectionRoutes(options)),
  new Hono<TenantEnv>().route('/', rulesConfigRoutes),
);
