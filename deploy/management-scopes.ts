import type { ManagedType } from './desired-state.ts';

/**
 * The Management API scopes each kind of client needs for the types tenant.yaml manages, measured by
 * running plan and deploy against the local tenant (which checks each route's scope as Auth0's
 * Management API v2 reference lists it, https://auth0.com/docs/api/management/v2) and held by
 * test/deploy/management-scopes.test.ts. A read-only planning client needs only the reads.
 */
/** The create, update and delete scopes of one Management API resource. */
const crud = (resource: string): string[] =>
  ['create', 'update', 'delete'].map((verb) => `${verb}:${resource}`);

const RESOURCE_SCOPES: Record<ManagedType, { read: string | readonly string[]; write: readonly string[] }> = {
  tenant: { read: 'read:tenant_settings', write: ['update:tenant_settings'] },
  // Deploying an Action version is `create:actions`; binding it to a trigger is `update:actions`.
  actions: { read: 'read:actions', write: crud('actions') },
  triggers: { read: 'read:actions', write: ['update:actions'] },
  resourceServers: {
    read: 'read:resource_servers',
    write: crud('resource_servers'),
  },
  // Credentials (client_authentication_methods) are read by plan too, for the clients that declare them.
  clients: {
    read: ['read:clients', 'read:client_credentials'],
    write: [...crud('clients'), ...['create:client_credentials', 'delete:client_credentials']],
  },
  clientGrants: {
    read: 'read:client_grants',
    write: crud('client_grants'),
  },
  // Databases are connections too; enabled clients are read and written through
  // /connections/{id}/clients with the connection scopes.
  databases: {
    read: 'read:connections',
    write: crud('connections'),
  },
  connections: {
    read: 'read:connections',
    write: crud('connections'),
  },
  // A role's permissions are written through /roles/{id}/permissions with update:roles.
  roles: { read: 'read:roles', write: crud('roles') },
  rules: { read: 'read:rules', write: crud('rules') },
  branding: { read: 'read:branding', write: ['update:branding'] },
  prompts: { read: 'read:prompts', write: ['update:prompts'] },
  emailProvider: { read: 'read:email_provider', write: ['create:email_provider', 'update:email_provider'] },
  emailTemplates: {
    read: 'read:email_templates',
    write: ['create:email_templates', 'update:email_templates'],
  },
  logStreams: {
    read: 'read:log_streams',
    write: crud('log_streams'),
  },
  customDomains: {
    read: 'read:custom_domains',
    write: crud('custom_domains'),
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
    write: crud('network_acls'),
  },
  userAttributeProfiles: {
    read: 'read:user_attribute_profiles',
    write: crud('user_attribute_profiles'),
  },
  phoneTemplates: {
    read: 'read:phone_templates',
    write: crud('phone_templates'),
  },
  phoneProviders: {
    read: 'read:phone_providers',
    write: crud('phone_providers'),
  },
  rulesConfigs: { read: 'read:rules_configs', write: ['update:rules_configs', 'delete:rules_configs'] },
  rateLimitPolicies: {
    read: 'read:rate_limit_policies',
    write: crud('rate_limit_policies'),
  },
  connectionProfiles: {
    read: 'read:connection_profiles',
    write: crud('connection_profiles'),
  },
  // An Action destination is named by the Action's name: the Actions are read to resolve it.
  eventStreams: {
    read: ['read:event_streams', 'read:actions'],
    write: crud('event_streams'),
  },
  // Forms name their flows, and flows their vault connections, by name: both are read to resolve them.
  forms: { read: ['read:forms', 'read:flows'], write: crud('forms') },
  flows: {
    read: ['read:flows', 'read:flows_vault_connections'],
    write: crud('flows'),
  },
  flowVaultConnections: {
    read: 'read:flows_vault_connections',
    write: [...crud('flows_vault_connections')],
  },
  hooks: { read: 'read:hooks', write: crud('hooks') },
  // An organization's connections and client grants have their own scopes (/organizations/{id}/...).
  organizations: {
    read: [
      ...['read:organizations', 'read:organization_connections', 'read:organization_client_grants'],
      ...['read:organization_discovery_domains', 'read:organization_clients'],
    ],
    write: [
      ...crud('organizations'),
      ...['create:organization_connections', 'update:organization_connections'],
      ...['delete:organization_connections', 'create:organization_client_grants'],
      'delete:organization_client_grants',
      ...crud('organization_discovery_domains'),
      ...crud('organization_clients'),
    ],
  },
  // The one theme has the branding scopes (Management API v2, "Create branding theme").
  themes: { read: 'read:branding', write: crud('branding') },
  // A profile names its user attribute profile by name: those are read to resolve it. Its custom text
  // has scopes of its own.
  selfServiceProfiles: {
    read: [
      ...['read:self_service_profiles', 'read:self_service_profile_custom_texts'],
      'read:user_attribute_profiles',
    ],
    write: [...crud('self_service_profiles'), 'update:self_service_profile_custom_texts'],
  },
  // A profile names its Action by name: the Actions are read to resolve it.
  tokenExchangeProfiles: {
    read: ['read:token_exchange_profiles', 'read:actions'],
    write: [...crud('token_exchange_profiles')],
  },
  // Modules live under /actions and take the Actions scopes; publishing a version is `create:actions`.
  actionModules: { read: 'read:actions', write: crud('actions') },
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
