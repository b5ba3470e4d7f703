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
  {
    path: '/rate-limit-policies',
    state: 'rateLimitPolicies',
    id: { field: 'id', prefix: 'rlp_' },
    unique: 'consumer_selector',
    what: 'rate limit policy',
    scopeName: 'rate_limit_policies',
    listKey: 'rate_limit_policies',
    createRequired: ['resource', 'consumer', 'consumer_selector', 'configuration'],
    readOnlyOnUpdate: ['resource', 'consumer', 'consumer_selector'],
  },
  {
    path: '/connection-profiles',
    state: 'connectionProfiles',
    id: { field: 'id', prefix: 'cop_' },
    unique: 'name',
    what: 'connection profile',
    scopeName: 'connection_profiles',
    listKey: 'connection_profiles',
    createRequired: ['name'],
    readOnlyOnUpdate: [],
  },
  {
    path: '/event-streams',
    state: 'eventStreams',
    id: { field: 'id', prefix: 'est_' },
    unique: 'name',
    what: 'event stream',
    scopeName: 'event_streams',
    listKey: 'eventStreams',
    createRequired: ['name', 'destination'],
    readOnlyOnUpdate: [],
    defaults: () => ({ status: 'enabled', subscriptions: [] }),
  },
  {
    path: '/forms',
    state: 'forms',
    id: { field: 'id', prefix: 'ap_' },
    unique: 'name',
    what: 'form',
    scopeName: 'forms',
    listKey: 'forms',
    createRequired: ['name'],
    readOnlyOnUpdate: [],
  },
  {
    path: '/flows',
    state: 'flows',
    id: { field: 'id', prefix: 'af_' },
    unique: 'name',
    what: 'flow',
    scopeName: 'flows',
    listKey: 'flows',
    createRequired: ['name'],
    readOnlyOnUpdate: [],
  },
  {
    path: '/flows/vault/connections',
    state: 'flowVaultConnections',
    id: { field: 'id', prefix: 'ac_' },
    unique: 'name',
    what: 'flows vault connection',
    scopeName: 'flows_vault_connections',
    listKey: 'connections',
    createRequired: ['name', 'app_id'],
    readOnlyOnUpdate: ['app_id'],
    // The setup holds the connection's credentials: kept, never returned.
    hidden: ['setup'],
    defaults: () => ({ ready: true }),
  },
  {
    path: '/hooks',
    state: 'hooks',
    id: { field: 'id', prefix: '' },
    unique: 'name',
    what: 'hook',
    scopeName: 'hooks',
    listKey: 'hooks',
    createRequired: ['name', 'script', 'triggerId'],
    readOnlyOnUpdate: ['triggerId'],
    hidden: ['secrets'],
    defaults: () => ({ enabled: false, dependencies: {} }),
  },
];

/** A hook's secrets: names answered, values never (Auth0 shows `_VALUE_NOT_SHOWN_`). */
const hookSecretRoutes = new Hono<TenantEnv>()
  .get('/hooks/:id/secrets', requireScope('read:hooks'), (c) => {
    const hook = findOr404(
      collectionOf(c.env.tenant, 'hooks'),
      (item) => item.id === c.req.param('id'),
      'hook',
    );
    return json(
      Object.fromEntries(
        Object.keys((hook.secrets ?? {}) as JsonObject).map((name) => [name, '_VALUE_NOT_SHOWN_']),
      ),
    );
  })
  .on(['POST', 'PATCH'], '/hooks/:id/secrets', requireScope('update:hooks'), async (c) => {
    const hook = findOr404(
      collectionOf(c.env.tenant, 'hooks'),
      (item) => item.id === c.req.param('id'),
      'hook',
    );
    const body = await readJsonObject(c.req.raw);
    const secrets = { ...((hook.secrets ?? {}) as JsonObject) };
    for (const [name, value] of Object.entries(body)) {
      if (typeof value !== 'string')
        throw badRequest(`Payload validation error: secret ${name} must be a string.`);
      const exists = name in secrets;
      if (c.req.method === 'POST' && exists) throw badRequest(`Secret ${name} already exists.`);
      if (c.req.method === 'PATCH' && !exists) throw badRequest(`Secret ${name} does not exist.`);
      secrets[name] = value;
    }
    hook.secrets = secrets;
    return noContent();
  })
  .delete('/hooks/:id/secrets', requireScope('update:hooks'), async (c) => {
    const hook = findOr404(
      collectionOf(c.env.tenant, 'hooks'),
      (item) => item.id === c.req.param('id'),
      'hook',
    );
    const names: unknown = await c.req.raw.json().catch(() => undefined);
    if (!Array.isArray(names)) throw badRequest("Payload validation error: 'Expected type array'.");
    const secrets = { ...((hook.secrets ?? {}) as JsonObject) };
    for (const name of names) delete secrets[String(name)];
    hook.secrets = secrets;
    return noContent();
  });

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
  new Hono<TenantEnv>().route('/', rulesConfigRoutes).route('/', hookSecretRoutes),
);
