import type { Management } from 'auth0';
import { Hono } from 'hono';
import type { JsonObject } from '../../../core/json.ts';
import { badRequest, conflict, json, noContent, readJsonObject } from '../http.ts';
import { randomId } from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { collectionOf } from './collection-routes.ts';
import { findOr404, pagingOf, queryOf, refuseFields, requireFields, toJsonObject } from './payload.ts';
import type { ActionsPage } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/actions/modules`: code shared by Actions. A module is a draft (code, npm dependencies,
// secrets) plus the versions published from it; `all_changes_published` says whether the draft has
// changed since the last one. Secrets are kept, and answered by name and update time only.

interface Secret {
  name: string;
  value: string;
  updated_at: string;
}

const modules = (c: TenantRequestContext) => collectionOf(c.env.tenant, 'actionModules');
const byId = (c: TenantRequestContext) =>
  findOr404(modules(c), (item) => item.id === c.req.param('id'), 'action module');

const now = () => new Date().toISOString();

const readSecrets = (body: JsonObject, before: readonly Secret[] = []): Secret[] | undefined => {
  if (body.secrets === undefined) return undefined;
  if (!Array.isArray(body.secrets)) throw badRequest("Payload validation error: 'secrets' must be an array.");
  return body.secrets.map((secret) => {
    const { name, value } = (secret ?? {}) as { name?: unknown; value?: unknown };
    const kept = before.find((item) => item.name === name);
    if (typeof name !== 'string' || (typeof value !== 'string' && !kept))
      throw badRequest('Payload validation error: each secret needs a name and a string value.');
    if (typeof value !== 'string' && kept) return kept;
    return { name, value: String(value), updated_at: now() };
  });
};

const versionsOf = (module: JsonObject) =>
  (module.versions ?? []) as unknown as Management.ActionModuleVersion[];

/** How many Actions use a module (at any of its versions). */
const actionsUsing = (tenant: TenantContext, module: JsonObject): number =>
  tenant.state.actions.filter((action) => action.modules?.some((used) => used.module_id === module.id))
    .length;

const secretNames = (module: JsonObject): Management.ActionModuleSecret[] =>
  ((module.secrets ?? []) as unknown as Secret[]).map(({ name, updated_at }) => ({ name, updated_at }));

const view =
  (tenant: TenantContext) =>
  (module: JsonObject): Management.GetActionModuleResponseContent => {
    const { secrets: _secrets, versions: _versions, ...shown } = structuredClone(module);
    return {
      ...(shown as Management.GetActionModuleResponseContent),
      secrets: secretNames(module),
      actions_using_module_total: actionsUsing(tenant, module),
    };
  };

/**
 * The modules an Action names (`modules: [{ module_id, module_version_id }]`), each at a published
 * version, as Auth0 answers them: with the module's name and the version's number.
 */
export const moduleReferences = (
  tenant: TenantContext,
  value: unknown,
): Management.ActionModuleReference[] => {
  if (!Array.isArray(value)) throw badRequest("Payload validation error: 'modules' must be an array.");
  return value.map((entry) => {
    const { module_id, module_version_id } = (entry ?? {}) as Record<string, unknown>;
    const module = collectionOf(tenant, 'actionModules').find((item) => item.id === module_id);
    const version = module && versionsOf(module).find((item) => item.id === module_version_id);
    if (!module || !version) {
      throw badRequest(
        `Payload validation error: module ${String(module_id)} has no published version ${String(module_version_id)}.`,
      );
    }
    return {
      module_id: String(module.id),
      module_name: String(module.name),
      module_version_id: String(version.id),
      module_version_number: Number(version.version_number),
    };
  });
};

export const actionModuleRoutes = new Hono<TenantEnv>()
  .get('/actions/modules', requireScope('read:actions'), (c) => {
    const { page, perPage } = pagingOf(queryOf(c));
    const all = modules(c);
    const body: ActionsPage<'modules', Management.ActionModuleListItem> = {
      modules: all.slice(page * perPage, (page + 1) * perPage).map(view(c.env.tenant)),
      total: all.length,
      page,
      per_page: perPage,
    };
    return json(body);
  })
  .get('/actions/modules/:id', requireScope('read:actions'), (c) => json(view(c.env.tenant)(byId(c))))
  .post('/actions/modules', requireScope('create:actions'), async (c) => {
    const body = toJsonObject(await readJsonObject(c.req.raw));
    refuseFields(body, ['id', 'all_changes_published', 'latest_version_number']);
    requireFields(body, ['name', 'code']);
    if (modules(c).some((item) => item.name === body.name))
      throw conflict(`An action module named ${String(body.name)} already exists`);
    const module: JsonObject = {
      dependencies: [],
      ...body,
      secrets: (readSecrets(body) ?? []) as unknown as JsonObject[],
      id: randomId('mod_'),
      all_changes_published: false,
      created_at: now(),
      updated_at: now(),
    };
    modules(c).push(module);
    return json(view(c.env.tenant)(module), 201);
  })
  .patch('/actions/modules/:id', requireScope('update:actions'), async (c) => {
    const module = byId(c);
    const body = toJsonObject(await readJsonObject(c.req.raw));
    refuseFields(body, ['id', 'name', 'all_changes_published', 'latest_version_number']);
    const secrets = readSecrets(body, (module.secrets ?? []) as unknown as Secret[]);
    Object.assign(module, body, secrets ? { secrets } : {}, {
      all_changes_published: false,
      updated_at: now(),
    });
    return json(view(c.env.tenant)(module));
  })
  .delete('/actions/modules/:id', requireScope('delete:actions'), (c) => {
    const module = byId(c);
    // "This will fail if the module is still in use by any actions."
    if (actionsUsing(c.env.tenant, module))
      throw badRequest(
        `Action module ${String(module.name)} is in use by Actions; remove it from them first.`,
      );
    modules(c).splice(modules(c).indexOf(module), 1);
    return noContent();
  })
  .get('/actions/modules/:id/versions', requireScope('read:actions'), (c) => {
    const versions = versionsOf(byId(c));
    const { page, perPage } = pagingOf(queryOf(c));
    const body: ActionsPage<'versions', Management.ActionModuleVersion> = {
      versions: versions.slice(page * perPage, (page + 1) * perPage),
      total: versions.length,
      page,
      per_page: perPage,
    };
    return json(body);
  })
  .post('/actions/modules/:id/versions', requireScope('create:actions'), (c) => {
    const module = byId(c);
    const versions = versionsOf(module);
    const version: Management.CreateActionModuleVersionResponseContent = {
      id: randomId('modver_'),
      module_id: String(module.id),
      version_number: versions.length + 1,
      code: String(module.code),
      dependencies: structuredClone(module.dependencies) as Management.ActionModuleDependency[],
      secrets: secretNames(module),
      created_at: now(),
    };
    Object.assign(module, {
      versions: [...versions, version] as unknown as JsonObject[],
      latest_version_number: version.version_number ?? null,
      all_changes_published: true,
    });
    return json(version, 201);
  });
