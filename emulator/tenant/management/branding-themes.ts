import type { Management } from 'auth0';
import { Hono } from 'hono';
import type { JsonObject } from '../../../core/json.ts';
import { conflict, json, noContent, notFound, readJsonObject } from '../http.ts';
import { randomId } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { collectionOf } from './collection-routes.ts';
import { refuseFields, requireFields, toJsonObject } from './payload.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/branding/themes`: the Universal Login theme. A tenant has at most one, answered at
// `/branding/themes/default` (404 while there is none), and by its `themeId`.

/** What "Create branding theme" requires (the SDK's CreateBrandingThemeRequestContent). */
const REQUIRED = ['borders', 'colors', 'fonts', 'page_background', 'widget'] as const;

const themes = (c: TenantRequestContext) => collectionOf(c.env.tenant, 'themes');

const missing = () => notFound('There is no default theme', 'theme_not_found');

const byId = (c: TenantRequestContext): JsonObject => {
  const theme = themes(c).find((item) => item.themeId === c.req.param('themeId'));
  if (!theme) throw missing();
  return theme;
};

const view = (theme: JsonObject): Management.GetBrandingThemeResponseContent =>
  structuredClone(theme) as unknown as Management.GetBrandingThemeResponseContent;

export const brandingThemeRoutes = new Hono<TenantEnv>()
  .get('/branding/themes/default', requireScope('read:branding'), (c) => {
    const [theme] = themes(c);
    if (!theme) throw missing();
    return json(view(theme));
  })
  .post('/branding/themes', requireScope('create:branding'), async (c) => {
    const body = toJsonObject(await readJsonObject(c.req.raw));
    refuseFields(body, ['themeId']);
    requireFields(body, REQUIRED);
    if (themes(c).length) throw conflict('The tenant has a theme already; update it by its themeId');
    const theme: JsonObject = { displayName: '', ...body, themeId: randomId('') };
    themes(c).push(theme);
    return json(view(theme), 200);
  })
  .get('/branding/themes/:themeId', requireScope('read:branding'), (c) => json(view(byId(c))))
  .patch('/branding/themes/:themeId', requireScope('update:branding'), async (c) => {
    const theme = byId(c);
    const body = toJsonObject(await readJsonObject(c.req.raw));
    refuseFields(body, ['themeId']);
    requireFields(body, REQUIRED);
    Object.assign(theme, body);
    return json(view(theme));
  })
  .delete('/branding/themes/:themeId', requireScope('delete:branding'), (c) => {
    const theme = byId(c);
    themes(c).splice(themes(c).indexOf(theme), 1);
    return noContent();
  });
