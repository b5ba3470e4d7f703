import type { Management } from 'auth0';
import { Hono } from 'hono';
import type { JsonObject } from '../../../core/json.ts';
import { GUARDIAN_FACTORS, isGuardianFactor } from '../feature-state.ts';
import { ApiError, badRequest, conflict, json, readJsonObject } from '../http.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { collectionOf, collectionRoutes } from './collection-routes.ts';
import { refuseFields, requireString, toJsonObject, without } from './payload.ts';
import type { GuardianFactorResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// The tenant-wide settings types and small collections deploy-cli manages beside applications:
// branding, prompts and their custom text, the email provider and templates, attack protection,
// MFA factors, Rules, log streams and custom domains. Each is stored as written and answered back.

const ATTACK_PROTECTION = [
  'breached-password-detection',
  'brute-force-protection',
  'suspicious-ip-throttling',
];
const PROMPT_SETTINGS = ['universal_login_experience', 'identifier_first', 'webauthn_platform_first_factor'];
/** Auth0 never returns the email provider's credentials. */
const PROVIDER_HIDDEN = ['credentials'];

const merge = (target: JsonObject, body: Record<string, unknown>): JsonObject =>
  Object.assign(target, toJsonObject(body));
const noProvider = () =>
  new ApiError(404, 'inexistent_email_provider', 'Email provider has not been configured');
const noTemplate = () => new ApiError(404, 'inexistent_email_template', 'Template not found');

const settings = new Hono<TenantEnv>()
  .get('/branding', requireScope('read:branding'), (c) => json(c.env.tenant.state.features.branding))
  .patch('/branding', requireScope('update:branding'), async (c) =>
    json(merge(c.env.tenant.state.features.branding, await readJsonObject(c.req.raw))),
  )
  .get('/prompts', requireScope('read:prompts'), (c) => json(c.env.tenant.state.features.promptSettings))
  .patch('/prompts', requireScope('update:prompts'), async (c) => {
    const body = await readJsonObject(c.req.raw);
    refuseFields(
      body,
      Object.keys(body).filter((key) => !PROMPT_SETTINGS.includes(key)),
    );
    return json(merge(c.env.tenant.state.features.promptSettings, body));
  })
  .get('/prompts/:prompt/custom-text/:language', requireScope('read:prompts'), (c) =>
    json(c.env.tenant.state.features.customText[`${c.req.param('prompt')}/${c.req.param('language')}`] ?? {}),
  )
  .put('/prompts/:prompt/custom-text/:language', requireScope('update:prompts'), async (c) => {
    const text = toJsonObject(await readJsonObject(c.req.raw));
    c.env.tenant.state.features.customText[`${c.req.param('prompt')}/${c.req.param('language')}`] = text;
    return json(text);
  })
  .get('/emails/provider', requireScope('read:email_provider'), (c) => {
    const provider = c.env.tenant.state.features.emailProvider;
    if (!provider) throw noProvider();
    return json(without(provider, PROVIDER_HIDDEN));
  })
  .post('/emails/provider', requireScope('create:email_provider'), async (c) => {
    const { features } = c.env.tenant.state;
    if (features.emailProvider) throw conflict('Email provider is already configured');
    const body = await readJsonObject(c.req.raw);
    requireString(body, 'name');
    if (typeof body.credentials !== 'object' || body.credentials === null) {
      throw badRequest("Payload validation error: 'Missing required property: credentials'.");
    }
    features.emailProvider = { enabled: true, ...toJsonObject(body) };
    return json(without(features.emailProvider, PROVIDER_HIDDEN), 201);
  })
  .patch('/emails/provider', requireScope('update:email_provider'), async (c) => {
    const provider = c.env.tenant.state.features.emailProvider;
    if (!provider) throw noProvider();
    return json(without(merge(provider, await readJsonObject(c.req.raw)), PROVIDER_HIDDEN));
  })
  .get('/email-templates/:templateName', requireScope('read:email_templates'), (c) => {
    const template = c.env.tenant.state.features.emailTemplates[c.req.param('templateName')];
    if (!template) throw noTemplate();
    return json(template);
  })
  .post('/email-templates', requireScope('create:email_templates'), async (c) => {
    const { features } = c.env.tenant.state;
    const body = toJsonObject(await readJsonObject(c.req.raw));
    const name = requireString(body, 'template');
    if (features.emailTemplates[name]) throw conflict(`Template ${name} already exists`);
    features.emailTemplates[name] = body;
    return json(body, 200);
  })
  .patch('/email-templates/:templateName', requireScope('update:email_templates'), async (c) => {
    const template = c.env.tenant.state.features.emailTemplates[c.req.param('templateName')];
    if (!template) throw noTemplate();
    return json(merge(template, await readJsonObject(c.req.raw)));
  })
  .put('/email-templates/:templateName', requireScope('update:email_templates'), async (c) => {
    const body = toJsonObject(await readJsonObject(c.req.raw));
    c.env.tenant.state.features.emailTemplates[c.req.param('templateName')] = body;
    return json(body);
  })
  .get('/guardian/factors', requireScope('read:guardian_factors'), (c) =>
    json(
      GUARDIAN_FACTORS.map(
        (name): GuardianFactorResponse => ({
          name,
          enabled: c.env.tenant.state.features.guardianFactors[name] === true,
          trial_expired: false,
        }),
      ),
    ),
  )
  .put('/guardian/factors/:name', requireScope('update:guardian_factors'), async (c) => {
    const name = c.req.param('name');
    if (!isGuardianFactor(name)) throw new ApiError(404, 'inexistent_resource', 'Factor not found');
    const body = await readJsonObject(c.req.raw);
    if (typeof body.enabled !== 'boolean') {
      throw badRequest("Payload validation error: 'Missing required property: enabled'.");
    }
    c.env.tenant.state.features.guardianFactors[name] = body.enabled;
    const answer: Management.SetGuardianFactorResponseContent = { enabled: body.enabled };
    return json(answer);
  });

const attackProtection = ATTACK_PROTECTION.reduce(
  (app, name) =>
    app
      .get(`/attack-protection/${name}`, requireScope('read:attack_protection'), (c) =>
        json(c.env.tenant.state.features.attackProtection[name] ?? {}),
      )
      .patch(`/attack-protection/${name}`, requireScope('update:attack_protection'), async (c) => {
        const { attackProtection: stored } = c.env.tenant.state.features;
        stored[name] = merge(stored[name] ?? {}, await readJsonObject(c.req.raw));
        return json(stored[name]);
      }),
  new Hono<TenantEnv>(),
);

export const settingsTypeRoutes = new Hono<TenantEnv>()
  .route('/', settings)
  .route('/', attackProtection)
  .route(
    '/',
    collectionRoutes({
      path: '/rules',
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
        order: collectionOf(tenant, 'rules').length + 1,
        stage: 'login_success',
      }),
    }),
  )
  .route(
    '/',
    collectionRoutes({
      path: '/log-streams',
      state: 'logStreams',
      id: { field: 'id', prefix: 'lst_' },
      unique: 'name',
      what: 'log stream',
      scopeName: 'log_streams',
      createRequired: ['name', 'type'],
      readOnlyOnUpdate: ['type'],
      defaults: () => ({ status: 'active', filters: [] }),
    }),
  )
  .route(
    '/',
    collectionRoutes({
      path: '/custom-domains',
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
  );
