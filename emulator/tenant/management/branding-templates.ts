import { Hono } from 'hono';
import { ApiError, badRequest, json, noContent, readJson } from '../http.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { requireScope } from './scopes.ts';

// `/branding/templates/universal-login`: the page template Universal Login renders its prompts in.
// Auth0 takes one only on a tenant with a custom domain, and only with the two tags the prompts
// render into ("Customize Universal Login Page Templates",
// https://auth0.com/docs/customize/login-pages/universal-login/customize-templates). The error
// wording is the fake's own.

const REQUIRED_TAGS = ['auth0:head', 'auth0:widget'] as const;

const noTemplate = () => new ApiError(404, 'inexistent_template', 'Template does not exist');

/** The SDK sends `{ template }`; the API also takes the template as a bare string. */
const templateOf = (body: unknown): string => {
  const template = typeof body === 'string' ? body : (body as { template?: unknown } | null)?.template;
  if (typeof template !== 'string' || template === '') {
    throw badRequest("Payload validation error: 'Expected type string' on property template.");
  }
  const missing = REQUIRED_TAGS.filter((tag) => !template.includes(tag));
  if (missing.length > 0) {
    throw badRequest(`Payload validation error: the template must contain ${missing.join(' and ')}.`);
  }
  return template;
};

export const brandingTemplateRoutes = new Hono<TenantEnv>()
  .get('/branding/templates/universal-login', requireScope('read:branding'), (c) => {
    const body = c.env.tenant.state.features.universalLoginTemplate;
    if (body === undefined) throw noTemplate();
    return json({ body });
  })
  .put('/branding/templates/universal-login', requireScope('update:branding'), async (c) => {
    const features = c.env.tenant.state.features;
    if ((features.collections.customDomains ?? []).length === 0) {
      throw new ApiError(
        403,
        'operation_not_supported',
        'Universal Login page templates need a custom domain; add one first.',
      );
    }
    features.universalLoginTemplate = templateOf(await readJson(c.req.raw));
    return noContent();
  })
  .delete('/branding/templates/universal-login', requireScope('delete:branding'), (c) => {
    c.env.tenant.state.features.universalLoginTemplate = undefined;
    return noContent();
  });
