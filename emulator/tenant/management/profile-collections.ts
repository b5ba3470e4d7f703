import type { Management } from 'auth0';
import { Hono } from 'hono';
import type { JsonObject } from '../../../core/json.ts';
import { badRequest, json, readJsonObject } from '../http.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { type CollectionOptions, collectionOf, collectionRoutes } from './collection-routes.ts';
import { findOr404, toJsonObject } from './payload.ts';
import { requireScope } from './scopes.ts';

// Self-service SSO profiles and custom token exchange profiles, as the Management API v2 reference
// has them: two rows of the generic collection routes, plus a profile's custom text.

const now = () => new Date().toISOString();

/** "The action must use the custom-token-exchange trigger" (Management API v2, token exchange profiles). */
const checkTokenExchangeAction: CollectionOptions['check'] = (body, tenant) => {
  const action = tenant.state.actions.find((item) => item.id === body.action_id);
  if (!action?.supported_triggers.some((trigger) => trigger.id === 'custom-token-exchange')) {
    throw badRequest(
      `Payload validation error: action ${String(body.action_id)} does not exist or does not support the custom-token-exchange trigger.`,
    );
  }
};

const PROFILES: readonly CollectionOptions[] = [
  {
    path: '/self-service-profiles',
    state: 'selfServiceProfiles',
    id: { field: 'id', prefix: 'ssp_' },
    unique: 'name',
    what: 'self-service profile',
    scopeName: 'self_service_profiles',
    listKey: 'self_service_profiles',
    createRequired: ['name'],
    readOnlyOnUpdate: ['created_at', 'updated_at'],
    // Kept beside the profile, answered only at its own path.
    hidden: ['custom_text'],
    defaults: () =>
      ({
        user_attributes: [],
        allowed_strategies: [],
        created_at: now(),
        updated_at: now(),
      }) satisfies Management.SelfServiceProfile,
  },
  {
    path: '/token-exchange-profiles',
    state: 'tokenExchangeProfiles',
    id: { field: 'id', prefix: 'tep_' },
    unique: 'subject_token_type',
    what: 'token exchange profile',
    scopeName: 'token_exchange_profiles',
    listKey: 'token_exchange_profiles',
    createRequired: ['name', 'subject_token_type', 'action_id', 'type'],
    // Only the name and the subject token type can change.
    readOnlyOnUpdate: ['action_id', 'type', 'created_at', 'updated_at'],
    check: checkTokenExchangeAction,
    defaults: () =>
      ({ created_at: now(), updated_at: now() }) satisfies Management.TokenExchangeProfileResponseContent,
  },
];

/** Only English and the get-started page exist (`SelfServiceProfileCustomText*Enum`). */
const textPath = '/self-service-profiles/:id/custom-text/:language/:page';
const customTextOf = (profile: JsonObject, language: string, page: string): JsonObject => {
  if (language !== 'en' || page !== 'get-started') {
    throw badRequest(`Path validation error: custom text exists for language en and page get-started only.`);
  }
  const texts = (profile.custom_text ?? {}) as JsonObject;
  return (texts[`${language}/${page}`] ?? {}) as JsonObject;
};

const customTextRoutes = new Hono<TenantEnv>()
  .get(textPath, requireScope('read:self_service_profile_custom_texts'), (c) => {
    const profile = findOr404(
      collectionOf(c.env.tenant, 'selfServiceProfiles'),
      (item) => item.id === c.req.param('id'),
      'self-service profile',
    );
    const text: Management.ListSelfServiceProfileCustomTextResponseContent = customTextOf(
      profile,
      c.req.param('language'),
      c.req.param('page'),
    ) as Record<string, string>;
    return json(text);
  })
  .put(textPath, requireScope('update:self_service_profile_custom_texts'), async (c) => {
    const profile = findOr404(
      collectionOf(c.env.tenant, 'selfServiceProfiles'),
      (item) => item.id === c.req.param('id'),
      'self-service profile',
    );
    const { language, page } = c.req.param();
    customTextOf(profile, language, page);
    const body = toJsonObject(await readJsonObject(c.req.raw));
    if (Object.values(body).some((value) => typeof value !== 'string')) {
      throw badRequest('Payload validation error: custom text values must be strings.');
    }
    profile.custom_text = { ...((profile.custom_text ?? {}) as JsonObject), [`${language}/${page}`]: body };
    return json(body);
  });

export const profileCollectionRoutes = PROFILES.reduce(
  (app, options) => app.route('/', collectionRoutes(options)),
  new Hono<TenantEnv>().route('/', customTextRoutes),
);
