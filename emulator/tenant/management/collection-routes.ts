import { Hono } from 'hono';
import type { JsonObject } from '../../../core/json.ts';
import type { FeatureState } from '../feature-state.ts';
import { conflict, json, noContent, readJsonObject } from '../http.ts';
import { randomId } from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import {
  findOr404,
  pagedList,
  queryOf,
  refuseFields,
  requireString,
  toJsonObject,
  without,
} from './payload.ts';
import { type ManagementScope, requireScope } from './scopes.ts';

// The routes of a plain Management API collection (Rules, log streams, custom domains): list, read,
// create with a generated id, update, delete, each with its own scope and Auth0's answers.

type ListName = 'rules' | 'logStreams' | 'customDomains';

export interface CollectionOptions {
  /** Below `/api/v2`, e.g. `/rules`. */
  readonly path: string;
  readonly state: ListName;
  /** The field holding the generated id, and the id's prefix. */
  readonly id: { readonly field: string; readonly prefix: string };
  /** The unique field Auth0 refuses a duplicate of with 409. */
  readonly unique: string;
  readonly what: string;
  /** `rules` gives `read:rules`, `create:rules`, `update:rules`, `delete:rules`. */
  readonly scopeName: 'rules' | 'log_streams' | 'custom_domains';
  /** Paged with `page`/`per_page` under this envelope key; a bare array when absent. */
  readonly listKey?: string;
  readonly createRequired: readonly string[];
  readonly readOnlyOnUpdate: readonly string[];
  /** Defaults Auth0 fills in on create. */
  readonly defaults?: (body: JsonObject, tenant: TenantContext) => JsonObject;
}

export const collectionRoutes = (options: CollectionOptions): Hono<TenantEnv> => {
  const list = (tenant: TenantContext): FeatureState[ListName] => tenant.state.features[options.state];
  const byId = (c: TenantRequestContext) =>
    findOr404(list(c.env.tenant), (item) => item[options.id.field] === c.req.param('id'), options.what);
  const view = (item: JsonObject) => without(item, []);
  const scope = (verb: 'read' | 'create' | 'update' | 'delete') =>
    requireScope(`${verb}:${options.scopeName}` as ManagementScope);
  const item = `${options.path}/:id`;
  return new Hono<TenantEnv>()
    .get(options.path, scope('read'), (c) =>
      options.listKey
        ? pagedList(list(c.env.tenant), queryOf(c), options.listKey, view)
        : json(list(c.env.tenant).map(view)),
    )
    .get(item, scope('read'), (c) => json(view(byId(c))))
    .post(options.path, scope('create'), async (c) => {
      const body = await readJsonObject(c.req.raw);
      refuseFields(body, [options.id.field]);
      for (const field of options.createRequired) requireString(body, field);
      const items = list(c.env.tenant);
      if (items.some((existing) => existing[options.unique] === body[options.unique])) {
        throw conflict(`A ${options.what} with the same ${options.unique} already exists`);
      }
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
      Object.assign(record, toJsonObject(body));
      return json(view(record));
    })
    .delete(item, scope('delete'), (c) => {
      const record = byId(c);
      const items = list(c.env.tenant);
      items.splice(items.indexOf(record), 1);
      return noContent();
    });
};
