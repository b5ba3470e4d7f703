import type { JsonValue } from '../../../core/post-login-types.ts';
import type { FeatureState } from '../feature-state.ts';
import { conflict, json, noContent, readJsonObject } from '../http.ts';
import type { Route, RouteRequest, TenantContext } from '../router.ts';
import { randomId } from '../state.ts';
import { findOr404, pagedList, refuseFields, requireString, toJsonObject, without } from './payload.ts';

// The routes of a plain Management API collection (Rules, log streams, custom domains): list, read,
// create with a generated id, update, delete, each with its own scope and Auth0's answers.

type JsonObject = { [key: string]: JsonValue };
type ListOf<K> = { [P in keyof FeatureState]: FeatureState[P] extends JsonObject[] ? P : never }[K &
  keyof FeatureState];

export interface CollectionOptions {
  readonly path: string;
  readonly state: ListOf<keyof FeatureState>;
  /** The field holding the generated id and its prefix (`rul_`, `lst_0000`...). */
  readonly id: { readonly field: string; readonly prefix: string };
  /** The unique field Auth0 refuses a duplicate of with 409. */
  readonly unique: string;
  readonly what: string;
  readonly scopeName: string;
  /** Paged with `page`/`per_page` under this envelope key; a bare array when absent. */
  readonly listKey?: string;
  readonly createRequired: readonly string[];
  readonly readOnlyOnUpdate: readonly string[];
  /** Hidden in every answer (secrets Auth0 never returns). */
  readonly hidden?: readonly string[];
  /** Defaults Auth0 fills in on create. */
  readonly defaults?: (body: JsonObject, tenant: TenantContext) => JsonObject;
}

export const collectionRoutes = (options: CollectionOptions): Route[] => {
  const list = (tenant: TenantContext) => tenant.state.features[options.state] as JsonObject[];
  const byId = ({ tenant, params }: RouteRequest) =>
    findOr404(list(tenant), (item) => item[options.id.field] === params.id, options.what);
  const view = (item: JsonObject) => without(item, options.hidden ?? []);
  const item = `${options.path}/:id`;
  return [
    {
      method: 'GET',
      path: options.path,
      scope: `read:${options.scopeName}`,
      handle: ({ tenant, url }) =>
        options.listKey
          ? pagedList(list(tenant), url.searchParams, options.listKey, view)
          : json(list(tenant).map(view)),
    },
    {
      method: 'GET',
      path: item,
      scope: `read:${options.scopeName}`,
      handle: (route) => json(view(byId(route))),
    },
    {
      method: 'POST',
      path: options.path,
      scope: `create:${options.scopeName}`,
      handle: async ({ request, tenant }) => {
        const body = await readJsonObject(request);
        refuseFields(body, [options.id.field]);
        for (const field of options.createRequired) requireString(body, field);
        if (list(tenant).some((existing) => existing[options.unique] === body[options.unique])) {
          throw conflict(`A ${options.what} with the same ${options.unique} already exists`);
        }
        const record: JsonObject = {
          ...(options.defaults?.(toJsonObject(body), tenant) ?? {}),
          ...toJsonObject(body),
          [options.id.field]: randomId(options.id.prefix),
        };
        list(tenant).push(record);
        return json(view(record), 201);
      },
    },
    {
      method: 'PATCH',
      path: item,
      scope: `update:${options.scopeName}`,
      handle: async (route) => {
        const record = byId(route);
        const body = await readJsonObject(route.request);
        refuseFields(body, [options.id.field, ...options.readOnlyOnUpdate]);
        Object.assign(record, toJsonObject(body));
        return json(view(record));
      },
    },
    {
      method: 'DELETE',
      path: item,
      scope: `delete:${options.scopeName}`,
      handle: (route) => {
        const record = byId(route);
        const items = list(route.tenant);
        items.splice(items.indexOf(record), 1);
        return noContent();
      },
    },
  ];
};
