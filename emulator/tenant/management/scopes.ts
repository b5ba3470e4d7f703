import type { MiddlewareHandler } from 'hono';
import type { TenantEnv } from '../tenant-env.ts';
import type { CurrentUserScope } from './current-user-scopes.ts';
import { authorizeManagementCall } from './token.ts';

/** Every scope a Management API route here asks for: the seeded deploy client holds all of them. */
export const MANAGEMENT_SCOPES = [
  'read:tenant_settings',
  'update:tenant_settings',
  'read:clients',
  'read:client_keys',
  'create:clients',
  'update:clients',
  'delete:clients',
  'read:resource_servers',
  'create:resource_servers',
  'update:resource_servers',
  'delete:resource_servers',
  'read:client_grants',
  'create:client_grants',
  'update:client_grants',
  'delete:client_grants',
  'read:actions',
  'create:actions',
  'update:actions',
  'delete:actions',
  'read:connections',
  'create:connections',
  'update:connections',
  'delete:connections',
  'read:users',
  'update:users',
  'read:rules',
  'read:rules_configs',
  'read:hooks',
  'read:roles',
  'read:organizations',
  'read:log_streams',
  'read:custom_domains',
  'read:guardian_factors',
  'read:mfa_policies',
  'read:branding',
  'read:phone_providers',
  'read:phone_templates',
  'read:prompts',
  'read:attack_protection',
  'read:forms',
  'read:flows',
  'read:flows_vault_connections',
  'read:self_service_profiles',
  'read:network_acls',
  'read:token_exchange_profiles',
  'read:event_streams',
  'read:rate_limit_policies',
  'read:user_attribute_profiles',
  'read:connection_profiles',
  'read:email_provider',
  'read:email_templates',
  // The types deploy manages beyond applications and APIs (roles.ts, settings-types.ts).
  'create:roles',
  'update:roles',
  'delete:roles',
  'create:rules',
  'update:rules',
  'delete:rules',
  'create:log_streams',
  'update:log_streams',
  'delete:log_streams',
  'create:custom_domains',
  'update:custom_domains',
  'delete:custom_domains',
  'update:branding',
  'delete:branding',
  'update:prompts',
  'create:email_provider',
  'update:email_provider',
  'create:email_templates',
  'update:email_templates',
  'update:attack_protection',
  'update:guardian_factors',
  // The types of stored-settings.ts and stored-collections.ts.
  'update:mfa_policies',
  'create:network_acls',
  'update:network_acls',
  'delete:network_acls',
  'create:user_attribute_profiles',
  'update:user_attribute_profiles',
  'delete:user_attribute_profiles',
  'create:phone_templates',
  'update:phone_templates',
  'delete:phone_templates',
  'create:phone_providers',
  'update:phone_providers',
  'delete:phone_providers',
  'update:rules_configs',
  'delete:rules_configs',
  'read:client_credentials',
  'create:client_credentials',
  'update:client_credentials',
  'delete:client_credentials',
] as const;

export type ManagementScope = (typeof MANAGEMENT_SCOPES)[number];

/**
 * A route's guard: the caller's bearer token must be ours, live, and hold `scope`, or, on a route
 * about one user (`:id`), one of `ownScopes` in that user's own token.
 */
export const requireScope =
  (scope: ManagementScope, ownScopes?: readonly CurrentUserScope[]): MiddlewareHandler<TenantEnv> =>
  async (c, next) => {
    const currentUser = ownScopes && { scopes: ownScopes, userId: c.req.param('id') };
    const caller = await authorizeManagementCall(c.env.tenant, c.req.raw, scope, currentUser);
    c.set('scopes', caller.scopes);
    await next();
  };
