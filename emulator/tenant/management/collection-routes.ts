import { Hono } from 'hono';
import type { JsonObject } from '../../../core/json.ts';
import { conflict, json, noContent, readJsonObject } from '../http.ts';
import { randomId } from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import {
  findOr404,
  pagedList,
  queryOf,
  refuseFields,
  requireFields,
  toJsonObject,
  without,
} from './payload.ts';
import { type ManagementScope, requireScope } from './scopes.ts';

// The routes of a plain Management API collection (Rules, log streams, custom domains, network ACLs,
// phone templates...): list, read, create with a generated id, update, delete, each with its own
// scope and Auth0's answers. One generic route set instead of one hand-written copy per type.

/** The collections kept by name in the tenant's state (feature-state.ts `collections`). */
export type CollectionName = string;

/** The part of a scope after the verb: `rules` gives `read:rules`, `create:rules`... */
type ScopeName<Scope = ManagementScope> = Scope extends `read:${infer Name}` ? Name : never;

export interface CollectionOptions {
  /** Below `/api/v2`, e.g. `/rules`. */
  readonly path: string;
  /** Where the tenant keeps the items (`state.features.collections[name]`). */
  readonly state: CollectionName;
  /** The field holding the generated id, and the id's prefix. */
  readonly id: { readonly field: string; readonly prefix: string };
  /** The unique field Auth0 refuses a duplicate of with 409. */
  readonly unique: string;
  readonly what: string;
  readonly scopeName: ScopeName;
  /**
   * How the list answers: paged with `page`/`per_page` (or checkpoint `from`/`take`) under this
   * envelope key; `{ [key]: [...] }` whole when `paged` is false; a bare array when absent.
   */
  readonly listKey?: string;
  readonly paged?: boolean;
  readonly createRequired: readonly string[];
  readonly readOnlyOnUpdate: readonly string[];
  /** Fields Auth0 keeps but never returns (credentials). */
  readonly hidden?: readonly string[];
  /** Defaults Auth0 fills in on create. */
  readonly defaults?: (body: JsonObject, tenant: TenantContext) => JsonObject;
  /** Refuses a create the API refuses for what it names (a profile's Action of the wrong trigger). */
  readonly check?: (body: JsonObject, tenant: TenantContext) => void;
  /** PATCH merges object fields into the stored ones instead of replacing them (phone templates). */
  readonly deepMerge?: boolean;
  /** Also answer PUT on an item, replacing every field but the id (network ACLs). */
  readonly put?: boolean;
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Objects merge key by key; anything else (arrays included) replaces what was stored. */
const mergeDeep = (stored: JsonObject, sent: JsonObject): JsonObject =>
  Object.fromEntries(
    Object.entries({ ...stored, ...sent }).map(([key, value]) => {
      const before = stored[key];
      return [key, isObject(before) && isObject(value) && key in sent ? mergeDeep(before, value) : value];
    }),
  );

export const collectionOf = (tenant: TenantContext, name: CollectionName): JsonObject[] => {
  const { collections } = tenant.state.features;
  collections[name] ??= [];
  return collections[name];
};

export const collectionRoutes = (options: CollectionOptions): Hono<TenantEnv> => {
  const list = (tenant: TenantContext) => collectionOf(tenant, options.state);
  const byId = (c: TenantRequestContext) =>
    findOr404(list(c.env.tenant), (item) => item[options.id.field] === c.req.param('id'), options.what);
  const view = (item: JsonObject) => without(item, options.hidden ?? []);
  const scope = (verb: 'read' | 'create' | 'update' | 'delete') =>
    requireScope(`${verb}:${options.scopeName}` as ManagementScope);
  const item = `${options.path}/:id`;
  const refuseDuplicate = (items: readonly JsonObject[], body: JsonObject, except?: JsonObject) => {
    const value = body[options.unique];
    if (value === undefined) return;
    if (items.some((existing) => existing !== except && existing[options.unique] === value)) {
      throw conflict(`A ${options.what} with the same ${options.unique} already exists`);
    }
  };
  const app = new Hono<TenantEnv>()
    .get(options.path, scope('read'), (c) => {
      const items = list(c.env.tenant);
      if (!options.listKey) return json(items.map(view));
      if (options.paged === false) return json({ [options.listKey]: items.map(view) });
      return pagedList(items, queryOf(c), options.listKey, view);
    })
    .get(item, scope('read'), (c) => json(view(byId(c))))
    .post(options.path, scope('create'), async (c) => {
      const body = await readJsonObject(c.req.raw);
      refuseFields(body, [options.id.field]);
      requireFields(body, options.createRequired);
      const items = list(c.env.tenant);
      refuseDuplicate(items, toJsonObject(body));
      options.check?.(toJsonObject(body), c.env.tenant);
      const record: JsonObject = {
        ...(options.defaults?.(toJsonObject(body), c.env.tenant) ?? {}),
        ...toJsonObject(body),
        [options.id.field]: randomId(options.id.prefix),
      };
      items.push(record);
      return json(view(record), 201);
    })
    .patch(item, scope('update'), async (c) => {
      const record = byId(c);
      const body = await readJsonObject(c.req.raw);
      refuseFields(body, [options.id.field, ...options.readOnlyOnUpdate]);
      refuseDuplicate(list(c.env.tenant), toJsonObject(body), record);
      Object.assign(record, options.deepMerge ? mergeDeep(record, toJsonObject(body)) : toJsonObject(body));
      return json(view(record));
    })
    .delete(item, scope('delete'), (c) => {
      const record = byId(c);
      const items = list(c.env.tenant);
      items.splice(items.indexOf(record), 1);
      return noContent();
    });
  if (!options.put) return app;
  return app.put(item, scope('update'), async (c) => {
    const record = byId(c);
    const body = await readJsonObject(c.req.raw);
    refuseFields(body, [options.id.field]);
    requireFields(body, options.createRequired);
    refuseDuplicate(list(c.env.tenant), toJsonObject(body), record);
    const id = record[options.id.field] as string;
    for (const key of Object.keys(record)) delete record[key];
    Object.assign(record, toJsonObject(body), { [options.id.field]: id });
    return json(view(record));
  });
};
