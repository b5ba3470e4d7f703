import type { ManagedType } from './desired-state.ts';

/**
 * The Management API scopes each kind of client needs for the types tenant.yaml manages, measured by
 * running plan and deploy against the local tenant (which checks each route's scope as Auth0's
 * Management API v2 reference lists it, https://auth0.com/docs/api/management/v2) and held by
 * test/deploy/management-scopes.test.ts. A read-only planning client needs only the reads.
 */
const RESOURCE_SCOPES: Record<ManagedType, { read: string | readonly string[]; write: readonly string[] }> = {
  tenant: { read: 'read:tenant_settings', write: ['update:tenant_settings'] },
  // Deploying an Action version is `create:actions`; binding it to a trigger is `update:actions`.
  actions: { read: 'read:actions', write: ['create:actions', 'update:actions', 'delete:actions'] },
  triggers: { read: 'read:actions', write: ['update:actions'] },
  resourceServers: {
    read: 'read:resource_servers',
    write: ['create:resource_servers', 'update:resource_servers', 'delete:resource_servers'],
  },
  // Credentials (client_authentication_methods) are read by plan too, for the clients that declare them.
  clients: {
    read: ['read:clients', 'read:client_credentials'],
    write: [
      ...['create:clients', 'update:clients', 'delete:clients'],
      ...['create:client_credentials', 'delete:client_credentials'],
    ],
  },
  clientGrants: {
    read: 'read:client_grants',
    write: ['create:client_grants', 'update:client_grants', 'delete:client_grants'],
  },
  // Databases are connections too; enabled clients are read and written through
  // /connections/{id}/clients with the connection scopes.
  databases: {
    read: 'read:connections',
    write: ['create:connections', 'update:connections', 'delete:connections'],
  },
  connections: {
    read: 'read:connections',
    write: ['create:connections', 'update:connections', 'delete:connections'],
  },
  // A role's permissions are written through /roles/{id}/permissions with update:roles.
  roles: { read: 'read:roles', write: ['create:roles', 'update:roles', 'delete:roles'] },
  rules: { read: 'read:rules', write: ['create:rules', 'update:rules', 'delete:rules'] },
  branding: { read: 'read:branding', write: ['update:branding'] },
  prompts: { read: 'read:prompts', write: ['update:prompts'] },
  emailProvider: { read: 'read:email_provider', write: ['create:email_provider', 'update:email_provider'] },
  emailTemplates: {
    read: 'read:email_templates',
    write: ['create:email_templates', 'update:email_templates'],
  },
  logStreams: {
    read: 'read:log_streams',
    write: ['create:log_streams', 'update:log_streams', 'delete:log_streams'],
  },
  customDomains: {
    read: 'read:custom_domains',
    write: ['create:custom_domains', 'update:custom_domains', 'delete:custom_domains'],
  },
  attackProtection: { read: 'read:attack_protection', write: ['update:attack_protection'] },
  guardianFactors: { read: 'read:guardian_factors', write: ['update:guardian_factors'] },
  guardianFactorTemplates: { read: 'read:guardian_factors', write: ['update:guardian_factors'] },
  guardianFactorProviders: { read: 'read:guardian_factors', write: ['update:guardian_factors'] },
  guardianPhoneFactorSelectedProvider: { read: 'read:guardian_factors', write: ['update:guardian_factors'] },
  guardianPhoneFactorMessageTypes: { read: 'read:guardian_factors', write: ['update:guardian_factors'] },
  guardianPolicies: { read: 'read:mfa_policies', write: ['update:mfa_policies'] },
  riskAssessment: { read: 'read:attack_protection', write: ['update:attack_protection'] },
  supplementalSignals: { read: 'read:attack_protection', write: ['update:attack_protection'] },
  networkACLs: {
    read: 'read:network_acls',
    write: ['create:network_acls', 'update:network_acls', 'delete:network_acls'],
  },
  userAttributeProfiles: {
    read: 'read:user_attribute_profiles',
    write: [
      'create:user_attribute_profiles',
      'update:user_attribute_profiles',
      'delete:user_attribute_profiles',
    ],
  },
  phoneTemplates: {
    read: 'read:phone_templates',
    write: ['create:phone_templates', 'update:phone_templates', 'delete:phone_templates'],
  },
  phoneProviders: {
    read: 'read:phone_providers',
    write: ['create:phone_providers', 'update:phone_providers', 'delete:phone_providers'],
  },
  rulesConfigs: { read: 'read:rules_configs', write: ['update:rules_configs', 'delete:rules_configs'] },
  rateLimitPolicies: {
    read: 'read:rate_limit_policies',
    write: ['create:rate_limit_policies', 'update:rate_limit_policies', 'delete:rate_limit_policies'],
  },
  connectionProfiles: {
    read: 'read:connection_profiles',
    write: ['create:connection_profiles', 'update:connection_profiles', 'delete:connection_profiles'],
  },
  // An Action destination is named by the Action's name: the Actions are read to resolve it.
  eventStreams: {
    read: ['read:event_streams', 'read:actions'],
    write: ['create:event_streams', 'update:event_streams', 'delete:event_streams'],
  },
  // Forms name their flows, and flows their vault connections, by name: both are read to resolve them.
  forms: { read: ['read:forms', 'read:flows'], write: ['create:forms', 'update:forms', 'delete:forms'] },
  flows: {
    read: ['read:flows', 'read:flows_vault_connections'],
    write: ['create:flows', 'update:flows', 'delete:flows'],
  },
  flowVaultConnections: {
    read: 'read:flows_vault_connections',
    write: [
      ...['create:flows_vault_connections', 'update:flows_vault_connections'],
      'delete:flows_vault_connections',
    ],
  },
  hooks: { read: 'read:hooks', write: ['create:hooks', 'update:hooks', 'delete:hooks'] },
  // An organization's connections and client grants have their own scopes (/organizations/{id}/...).
  organizations: {
    read: [
      ...['read:organizations', 'read:organization_connections', 'read:organization_client_grants'],
      ...['read:organization_discovery_domains', 'read:organization_clients'],
    ],
    write: [
      ...['create:organizations', 'update:organizations', 'delete:organizations'],
      ...['create:organization_connections', 'update:organization_connections'],
      ...['delete:organization_connections', 'create:organization_client_grants'],
      'delete:organization_client_grants',
      ...['create:organization_discovery_domains', 'update:organization_discovery_domains'],
      'delete:organization_discovery_domains',
      ...['create:organization_clients', 'update:organization_clients', 'delete:organization_clients'],
    ],
  },
  // The one theme has the branding scopes (Management API v2, "Create branding theme").
  themes: { read: 'read:branding', write: ['create:branding', 'update:branding', 'delete:branding'] },
  // A profile names its user attribute profile by name: those are read to resolve it. Its custom text
  // has scopes of its own.
  selfServiceProfiles: {
    read: [
      ...['read:self_service_profiles', 'read:self_service_profile_custom_texts'],
      'read:user_attribute_profiles',
    ],
    write: [
      ...['create:self_service_profiles', 'update:self_service_profiles', 'delete:self_service_profiles'],
      'update:self_service_profile_custom_texts',
    ],
  },
  // A profile names its Action by name: the Actions are read to resolve it.
  tokenExchangeProfiles: {
    read: ['read:token_exchange_profiles', 'read:actions'],
    write: [
      ...['create:token_exchange_profiles', 'update:token_exchange_profiles'],
      'delete:token_exchange_profiles',
    ],
  },
  // Modules live under /actions and take the Actions scopes; publishing a version is `create:actions`.
  actionModules: { read: 'read:actions', write: ['create:actions', 'update:actions', 'delete:actions'] },
  // The login page is the global client's; the others are tenant settings.
  pages: {
    read: ['read:clients', 'read:tenant_settings'],
    write: ['update:clients', 'update:tenant_settings'],
  },
};

const unique = (scopes: readonly string[]): string[] => [...new Set(scopes)].sort();

/** `npm run plan` (and CI's read-only `prod-read` client). */
export const PLAN_SCOPES: readonly string[] = unique(
  Object.values(RESOURCE_SCOPES).flatMap((entry) => entry.read),
);

/** `npm run deploy` (delete scopes only matter with --allow-delete). */
export const DEPLOY_SCOPES: readonly string[] = unique(
  Object.values(RESOURCE_SCOPES).flatMap((entry) => [entry.read, ...entry.write].flat()),
);
