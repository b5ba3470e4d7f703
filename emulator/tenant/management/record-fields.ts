import type { Management } from 'auth0';
import * as v from 'valibot';
import { badRequest } from '../http.ts';
import type { ClientRecord, ResourceServerRecord, TenantSettings } from '../state.ts';

// The fields of a write the local tenant reads back when it logs users in, checked when they are
// written, as Auth0's payload validation does: a stored record then holds what its type says, and
// the login endpoints read it without checking it again. Other fields are stored as sent.

const strings = v.array(v.string());

/** The values the SDK's types allow, so a write the API would refuse is refused here too. */
const APP_TYPES = [
  'native',
  'spa',
  'regular_web',
  'non_interactive',
  'resource_server',
  'express_configuration',
  'rms',
  'box',
  'cloudbees',
  'concur',
  'dropbox',
  'mscrm',
  'echosign',
  'egnyte',
  'newrelic',
  'office365',
  'salesforce',
  'sentry',
  'sharepoint',
  'slack',
  'springcm',
  'zendesk',
  'zoom',
  'sso_integration',
  'oag',
] as const satisfies readonly Management.ClientAppTypeEnum[];
const AUTH_METHODS = [
  'none',
  'client_secret_post',
  'client_secret_basic',
] as const satisfies readonly Management.ClientTokenEndpointAuthMethodEnum[];
const SIGNING_ALGS = [
  'HS256',
  'RS256',
  'RS512',
  'PS256',
] as const satisfies readonly Management.SigningAlgorithmEnum[];
const TOKEN_DIALECTS = [
  'access_token',
  'access_token_authz',
  'rfc9068_profile',
  'rfc9068_profile_authz',
] as const satisfies readonly Management.ResourceServerTokenDialectSchemaEnum[];
const ORGANIZATION_USAGE = [
  'deny',
  'allow',
  'require',
] as const satisfies readonly Management.ClientOrganizationUsageEnum[];
const ORGANIZATION_REQUIRE_BEHAVIOR = [
  'no_prompt',
  'pre_login_prompt',
  'post_login_prompt',
] as const satisfies readonly Management.ClientOrganizationRequireBehaviorEnum[];
const seconds = v.pipe(v.number(), v.integer(), v.minValue(0));

const clientFields = v.looseObject({
  name: v.optional(v.string()),
  app_type: v.optional(v.picklist(APP_TYPES)),
  is_first_party: v.optional(v.boolean()),
  callbacks: v.optional(strings),
  allowed_logout_urls: v.optional(strings),
  allowed_origins: v.optional(strings),
  web_origins: v.optional(strings),
  grant_types: v.optional(strings),
  // null while client_authentication_methods names the credentials the client authenticates with.
  token_endpoint_auth_method: v.nullish(v.picklist(AUTH_METHODS)),
  // Both types are required whenever the settings are written (the SDK's ClientRefreshTokenConfiguration).
  refresh_token: v.nullish(
    v.looseObject({
      rotation_type: v.picklist(['rotating', 'non-rotating']),
      expiration_type: v.picklist(['expiring', 'non-expiring']),
      leeway: v.optional(seconds),
      token_lifetime: v.optional(seconds),
      idle_token_lifetime: v.optional(seconds),
      infinite_token_lifetime: v.optional(v.boolean()),
      infinite_idle_token_lifetime: v.optional(v.boolean()),
    }),
  ),
  jwt_configuration: v.optional(
    v.looseObject({ lifetime_in_seconds: v.optional(seconds), alg: v.optional(v.picklist(SIGNING_ALGS)) }),
  ),
  client_metadata: v.optional(v.record(v.string(), v.string())),
  skip_non_verifiable_callback_uri_confirmation_prompt: v.optional(v.boolean()),
  organization_usage: v.optional(v.picklist(ORGANIZATION_USAGE)),
  organization_require_behavior: v.optional(v.picklist(ORGANIZATION_REQUIRE_BEHAVIOR)),
});

const resourceServerFields = v.looseObject({
  name: v.optional(v.string()),
  scopes: v.optional(v.array(v.looseObject({ value: v.string(), description: v.optional(v.string()) }))),
  signing_alg: v.optional(v.picklist(SIGNING_ALGS)),
  token_dialect: v.optional(v.picklist(TOKEN_DIALECTS)),
  enforce_policies: v.optional(v.boolean()),
  token_lifetime: v.optional(seconds),
  token_lifetime_for_web: v.optional(seconds),
  allow_offline_access: v.optional(v.boolean()),
  skip_consent_for_verifiable_first_party_clients: v.optional(v.boolean()),
});

const settingsFields = v.looseObject({
  default_audience: v.optional(v.string()),
  flags: v.optional(v.record(v.string(), v.boolean())),
  skip_non_verifiable_callback_uri_confirmation_prompt: v.optional(v.boolean()),
  allow_organization_name_in_authentication_api: v.optional(v.boolean()),
});

const check = <T>(schema: v.GenericSchema<unknown, unknown>, body: unknown): Partial<T> => {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output as Partial<T>;
  const issue = result.issues[0];
  const where = issue.path?.map((item) => String(item.key)).join('.') ?? '(body)';
  throw badRequest(`Payload validation error: '${issue.message}' on property ${where}.`);
};

export const checkClientFields = (body: Record<string, unknown>): Partial<ClientRecord> =>
  check<ClientRecord>(clientFields, body);

export const checkResourceServerFields = (body: Record<string, unknown>): Partial<ResourceServerRecord> =>
  check<ResourceServerRecord>(resourceServerFields, body);

export const checkSettingsFields = (body: Record<string, unknown>): Partial<TenantSettings> =>
  check<TenantSettings>(settingsFields, body);
