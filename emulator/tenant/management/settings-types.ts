import type { JsonValue } from '../../../core/post-login-types.ts';
import { GUARDIAN_FACTORS } from '../feature-state.ts';
import { ApiError, badRequest, conflict, json, readJsonObject } from '../http.ts';
import type { Route } from '../router.ts';
import { collectionRoutes } from './collection-routes.ts';
import { refuseFields, requireString, toJsonObject, without } from './payload.ts';

// The tenant-wide settings types and small collections deploy-cli manages beside applications:
// branding, prompts and their custom text, the email provider and templates, attack protection,
// MFA factors, Rules, log streams and custom domains. Each is stored as written and answered back.

type JsonObject = { [key: string]: JsonValue };

const ATTACK_PROTECTION = [
  'breached-password-detection',
  'brute-force-protection',
  'suspicious-ip-throttling',
];
/** Auth0 never returns the email provider's credentials. */
const PROVIDER_HIDDEN = ['credentials'];

const merge = (target: JsonObject, body: Record<string, unknown>): JsonObject =>
  Object.assign(target, toJsonObject(body));

export const settingsTypeRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v2/branding',
    scope: 'read:branding',
    handle: ({ tenant }) => json(tenant.state.features.branding),
  },
  {
    method: 'PATCH',
    path: '/api/v2/branding',
    scope: 'update:branding',
    handle: async ({ request, tenant }) =>
      json(merge(tenant.state.features.branding, await readJsonObject(request))),
  },
  {
    method: 'GET',
    path: '/api/v2/prompts',
    scope: 'read:prompts',
    handle: ({ tenant }) => json(tenant.state.features.promptSettings),
  },
  {
    method: 'PATCH',
    path: '/api/v2/prompts',
    scope: 'update:prompts',
    handle: async ({ request, tenant }) => {
      const body = await readJsonObject(request);
      refuseFields(
        body,
        Object.keys(body).filter(
          (key) =>
            !['universal_login_experience', 'identifier_first', 'webauthn_platform_first_factor'].includes(
              key,
            ),
        ),
      );
      return json(merge(tenant.state.features.promptSettings, body));
    },
  },
  {
    method: 'GET',
    path: '/api/v2/prompts/:prompt/custom-text/:language',
    scope: 'read:prompts',
    handle: ({ tenant, params }) =>
      json(tenant.state.features.customText[`${params.prompt}/${params.language}`] ?? {}),
  },
  {
    method: 'PUT',
    path: '/api/v2/prompts/:prompt/custom-text/:language',
    scope: 'update:prompts',
    handle: async ({ request, tenant, params }) => {
      const text = toJsonObject(await readJsonObject(request));
      tenant.state.features.customText[`${params.prompt}/${params.language}`] = text;
      return json(text);
    },
  },
  {
    method: 'GET',
    path: '/api/v2/emails/provider',
    scope: 'read:email_provider',
    handle: ({ tenant }) => {
      const provider = tenant.state.features.emailProvider;
      if (!provider)
        throw new ApiError(404, 'inexistent_email_provider', 'Email provider has not been configured');
      return json(without(provider, PROVIDER_HIDDEN));
    },
  },
  {
    method: 'POST',
    path: '/api/v2/emails/provider',
    scope: 'create:email_provider',
    handle: async ({ request, tenant }) => {
      if (tenant.state.features.emailProvider) throw conflict('Email provider is already configured');
      const body = await readJsonObject(request);
      requireString(body, 'name');
      if (typeof body.credentials !== 'object' || body.credentials === null) {
        throw badRequest("Payload validation error: 'Missing required property: credentials'.");
      }
      tenant.state.features.emailProvider = { enabled: true, ...toJsonObject(body) };
      return json(without(tenant.state.features.emailProvider, PROVIDER_HIDDEN), 201);
    },
  },
  {
    method: 'PATCH',
    path: '/api/v2/emails/provider',
    scope: 'update:email_provider',
    handle: async ({ request, tenant }) => {
      const provider = tenant.state.features.emailProvider;
      if (!provider)
        throw new ApiError(404, 'inexistent_email_provider', 'Email provider has not been configured');
      return json(without(merge(provider, await readJsonObject(request)), PROVIDER_HIDDEN));
    },
  },
  {
    method: 'GET',
    path: '/api/v2/email-templates/:templateName',
    scope: 'read:email_templates',
    handle: ({ tenant, params }) => {
      const template = tenant.state.features.emailTemplates[params.templateName as string];
      if (!template) throw new ApiError(404, 'inexistent_email_template', 'Template not found');
      return json(template);
    },
  },
  {
    method: 'POST',
    path: '/api/v2/email-templates',
    scope: 'create:email_templates',
    handle: async ({ request, tenant }) => {
      const body = await readJsonObject(request);
      const name = requireString(body, 'template');
      if (tenant.state.features.emailTemplates[name]) throw conflict(`Template ${name} already exists`);
      tenant.state.features.emailTemplates[name] = toJsonObject(body);
      return json(tenant.state.features.emailTemplates[name], 200);
    },
  },
  ...(['PATCH', 'PUT'] as const).map(
    (method): Route => ({
      method,
      path: '/api/v2/email-templates/:templateName',
      scope: 'update:email_templates',
      handle: async ({ request, tenant, params }) => {
        const name = params.templateName as string;
        const template = tenant.state.features.emailTemplates[name];
        if (!template && method === 'PATCH')
          throw new ApiError(404, 'inexistent_email_template', 'Template not found');
        const body = toJsonObject(await readJsonObject(request));
        tenant.state.features.emailTemplates[name] =
          method === 'PUT' ? body : Object.assign(template ?? {}, body);
        return json(tenant.state.features.emailTemplates[name]);
      },
    }),
  ),
  ...ATTACK_PROTECTION.flatMap((name): Route[] => [
    {
      method: 'GET',
      path: `/api/v2/attack-protection/${name}`,
      scope: 'read:attack_protection',
      handle: ({ tenant }) => json(tenant.state.features.attackProtection[name] ?? {}),
    },
    {
      method: 'PATCH',
      path: `/api/v2/attack-protection/${name}`,
      scope: 'update:attack_protection',
      handle: async ({ request, tenant }) => {
        const current = tenant.state.features.attackProtection[name] ?? {};
        tenant.state.features.attackProtection[name] = merge(current, await readJsonObject(request));
        return json(tenant.state.features.attackProtection[name]);
      },
    },
  ]),
  {
    method: 'GET',
    path: '/api/v2/guardian/factors',
    scope: 'read:guardian_factors',
    handle: ({ tenant }) =>
      json(
        GUARDIAN_FACTORS.map((name) => ({
          name,
          enabled: tenant.state.features.guardianFactors[name] === true,
          trial_expired: false,
        })),
      ),
  },
  {
    method: 'PUT',
    path: '/api/v2/guardian/factors/:name',
    scope: 'update:guardian_factors',
    handle: async ({ request, tenant, params }) => {
      const name = params.name as string;
      if (!GUARDIAN_FACTORS.includes(name))
        throw new ApiError(404, 'inexistent_resource', 'Factor not found');
      const body = await readJsonObject(request);
      if (typeof body.enabled !== 'boolean') {
        throw badRequest("Payload validation error: 'Missing required property: enabled'.");
      }
      tenant.state.features.guardianFactors[name] = body.enabled;
      return json({ enabled: body.enabled });
    },
  },
  ...collectionRoutes({
    path: '/api/v2/rules',
    state: 'rules',
    id: { field: 'id', prefix: 'rul_' },
    unique: 'name',
    what: 'rule',
    scopeName: 'rules',
    listKey: 'rules',
    createRequired: ['name', 'script'],
    readOnlyOnUpdate: ['stage'],
    defaults: (_body, tenant) => ({
      enabled: true,
      order: tenant.state.features.rules.length + 1,
      stage: 'login_success',
    }),
  }),
  ...collectionRoutes({
    path: '/api/v2/log-streams',
    state: 'logStreams',
    id: { field: 'id', prefix: 'lst_' },
    unique: 'name',
    what: 'log stream',
    scopeName: 'log_streams',
    createRequired: ['name', 'type'],
    readOnlyOnUpdate: ['type'],
    defaults: () => ({ status: 'active', filters: [] }),
  }),
  ...collectionRoutes({
    path: '/api/v2/custom-domains',
    state: 'customDomains',
    id: { field: 'custom_domain_id', prefix: 'cd_' },
    unique: 'domain',
    what: 'custom domain',
    scopeName: 'custom_domains',
    createRequired: ['domain', 'type'],
    readOnlyOnUpdate: ['domain', 'type', 'verification_method', 'primary', 'status'],
    defaults: (body) => ({
      primary: false,
      status: 'pending_verification',
      verification: {
        methods: [{ name: 'cname', record: `${String(body.domain)}-cd.edge.tenants.auth0.com` }],
      },
    }),
  }),
];
