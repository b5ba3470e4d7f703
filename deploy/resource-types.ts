import type { CollectionType, ManagedType, SingletonType } from './desired-state.ts';

// What plan, preflight and deploy need to know of each resource type, as data. Keys are the fields
// Auth0's Management API accepts on create or update (the `auth0` SDK's request types, 7.1), plus
// the ones deploy-cli's YAML adds (by-name references, files); anything else in tenant.yaml is a
// typo that the API would refuse mid-deploy, so preflight refuses it first.

export interface TypeSpec {
  /** The field that names a resource in tenant.yaml and in the tenant (deploy-cli's identifier). */
  readonly key?: string;
  /** Fields tenant.yaml may set. */
  readonly knownKeys: readonly string[];
  /** Fields Auth0 sets or never returns as written: never compared. */
  readonly readOnly: readonly string[];
  /**
   * Dot paths (`*` matches any key) whose values are secrets: they must come from a secret
   * placeholder (the environment), are masked in plan output, and compare only when Auth0 returns them.
   */
  readonly secretFields: readonly string[];
  /** Array fields Auth0 treats as sets: compared without order. */
  readonly setFields?: readonly string[];
  /** Where our own deletes go (deploy-cli's would remove every resource the YAML lacks). */
  readonly deletePath?: (current: Readonly<Record<string, unknown>>) => string;
  /** Resources every tenant has (MFA factors): never counted as unmanaged. */
  readonly fixedSet?: boolean;
}

const id =
  (path: string, field = 'id') =>
  (current: Readonly<Record<string, unknown>>) =>
    `${path}/${encodeURIComponent(String(current[field]))}`;

const CONNECTION_KEYS = [
  'name',
  'display_name',
  'strategy',
  'options',
  'enabled_clients',
  'is_domain_connection',
  'show_as_button',
  'realms',
  'metadata',
  'authentication',
  'connected_accounts',
];

export const TYPE_SPECS: Readonly<Record<Exclude<ManagedType, 'triggers' | 'actions'>, TypeSpec>> = {
  tenant: {
    knownKeys: [
      ...['change_password', 'device_flow', 'guardian_mfa_page', 'default_audience', 'default_directory'],
      ...['error_page', 'default_token_quota', 'flags', 'friendly_name', 'picture_url', 'support_email'],
      ...['support_url', 'allowed_logout_urls', 'session_lifetime', 'session_lifetime_in_minutes'],
      ...['idle_session_lifetime', 'idle_session_lifetime_in_minutes', 'ephemeral_session_lifetime'],
      ...['idle_ephemeral_session_lifetime', 'sandbox_version', 'default_redirection_uri'],
      ...[
        'enabled_locales',
        'session_cookie',
        'sessions',
        'oidc_logout',
        'customize_mfa_in_postlogin_action',
      ],
      ...['allow_organization_name_in_authentication_api', 'acr_values_supported', 'mtls'],
      ...['pushed_authorization_requests_supported', 'authorization_response_iss_parameter_supported'],
      ...['skip_non_verifiable_callback_uri_confirmation_prompt', 'resource_parameter_profile'],
    ],
    readOnly: [],
    secretFields: [],
  },
  clients: {
    key: 'name',
    knownKeys: [
      ...['name', 'description', 'logo_uri', 'callbacks', 'oidc_logout', 'oidc_backchannel_logout'],
      ...['session_transfer', 'allowed_origins', 'web_origins', 'client_aliases', 'allowed_clients'],
      ...['allowed_logout_urls', 'grant_types', 'token_endpoint_auth_method', 'app_type', 'is_first_party'],
      ...['is_token_endpoint_ip_header_trusted', 'oidc_conformant', 'jwt_configuration', 'encryption_key'],
      ...['sso', 'cross_origin_authentication', 'cross_origin_loc', 'sso_disabled', 'custom_login_page_on'],
      ...['custom_login_page', 'custom_login_page_preview', 'form_template', 'addons', 'client_metadata'],
      ...['mobile', 'initiate_login_uri', 'native_social_login', 'refresh_token', 'default_organization'],
      ...['organization_usage', 'organization_require_behavior', 'client_authentication_methods'],
      ...['require_pushed_authorization_requests', 'require_proof_of_possession', 'signed_request_object'],
      ...['compliance_level', 'par_request_expiry', 'token_quota', 'fedcm_login'],
    ],
    readOnly: ['client_id', 'client_secret', 'global', 'tenant', 'signing_keys'],
    secretFields: ['client_secret', 'encryption_key.*'],
    deletePath: id('/clients', 'client_id'),
  },
  resourceServers: {
    key: 'identifier',
    knownKeys: [
      ...['name', 'identifier', 'scopes', 'signing_alg', 'signing_secret', 'allow_offline_access'],
      ...['allow_online_access', 'token_lifetime', 'token_lifetime_for_web', 'token_dialect'],
      ...['skip_consent_for_verifiable_first_party_clients', 'enforce_policies', 'token_encryption'],
      ...['consent_policy', 'authorization_details', 'proof_of_possession', 'subject_type_authorization'],
    ],
    readOnly: ['id', 'is_system'],
    secretFields: ['signing_secret'],
    deletePath: id('/resource-servers'),
  },
  clientGrants: {
    knownKeys: [
      ...['client_id', 'audience', 'scope', 'organization_usage', 'allow_any_organization'],
      ...['subject_type', 'authorization_details_types', 'allow_all_scopes'],
    ],
    readOnly: ['id'],
    secretFields: [],
    setFields: ['scope'],
    deletePath: id('/client-grants'),
  },
  databases: {
    key: 'name',
    knownKeys: CONNECTION_KEYS,
    readOnly: ['id', 'provisioning_ticket_url'],
    // Custom database scripts read their credentials from `configuration`; Auth0 returns them encrypted.
    secretFields: ['options.configuration.*'],
    setFields: ['enabled_clients', 'realms'],
    deletePath: id('/connections'),
  },
  connections: {
    key: 'name',
    knownKeys: CONNECTION_KEYS,
    readOnly: ['id', 'provisioning_ticket_url'],
    secretFields: ['options.client_secret', 'options.app_secret', 'options.configuration.*'],
    setFields: ['enabled_clients', 'realms'],
    deletePath: id('/connections'),
  },
  roles: {
    key: 'name',
    knownKeys: ['name', 'description', 'permissions'],
    readOnly: ['id'],
    secretFields: [],
    setFields: ['permissions'],
    deletePath: id('/roles'),
  },
  rules: {
    key: 'name',
    knownKeys: ['name', 'script', 'order', 'enabled'],
    readOnly: ['id', 'stage'],
    secretFields: [],
    deletePath: id('/rules'),
  },
  emailTemplates: {
    key: 'template',
    knownKeys: [
      ...['template', 'body', 'from', 'resultUrl', 'subject', 'syntax', 'urlLifetimeInSeconds'],
      ...['includeEmailInRedirect', 'enabled'],
    ],
    readOnly: [],
    secretFields: [],
    fixedSet: true,
  },
  logStreams: {
    key: 'name',
    knownKeys: ['name', 'type', 'status', 'isPriority', 'filters', 'pii_config', 'sink'],
    readOnly: ['id'],
    secretFields: [
      ...['sink.httpAuthorization', 'sink.datadogApiKey', 'sink.splunkToken', 'sink.sumoSourceAddress'],
      'sink.mixpanelServiceAccountPassword',
      'sink.segmentWriteKey',
    ],
    deletePath: id('/log-streams'),
  },
  customDomains: {
    key: 'domain',
    knownKeys: [
      ...['domain', 'type', 'verification_method', 'tls_policy', 'custom_client_ip_header'],
      ...['domain_metadata', 'relying_party_identifier'],
    ],
    readOnly: ['custom_domain_id', 'primary', 'status', 'verification', 'origin_domain_name', 'is_default'],
    secretFields: [],
    deletePath: id('/custom-domains', 'custom_domain_id'),
  },
  guardianFactors: {
    key: 'name',
    knownKeys: ['name', 'enabled'],
    readOnly: ['trial_expired'],
    secretFields: [],
    fixedSet: true,
  },
  branding: {
    // `templates`: deploy-cli's YAML, `[{ template: universal_login, body: ./file.html }]`.
    knownKeys: ['colors', 'favicon_url', 'logo_url', 'font', 'templates'],
    readOnly: [],
    secretFields: [],
  },
  prompts: {
    knownKeys: [
      'universal_login_experience',
      'identifier_first',
      'webauthn_platform_first_factor',
      'customText',
    ],
    readOnly: [],
    secretFields: [],
  },
  emailProvider: {
    knownKeys: ['name', 'enabled', 'default_from_address', 'credentials', 'settings'],
    // Auth0 never returns the credentials: a changed value cannot be seen, only written.
    readOnly: ['credentials'],
    secretFields: ['credentials.*'],
  },
  attackProtection: {
    knownKeys: [
      ...['breachedPasswordDetection', 'bruteForceProtection', 'suspiciousIpThrottling'],
      ...['botDetection', 'captcha'],
    ],
    readOnly: [],
    secretFields: ['captcha.*.secret'],
  },
};

export type TableType = CollectionType | SingletonType;

/** Whether a dot path such as `options.client_secret` matches a spec path such as `options.*`. */
export const matchesPath = (spec: string, path: readonly string[]): boolean => {
  const parts = spec.split('.');
  return parts.length === path.length && parts.every((part, index) => part === '*' || part === path[index]);
};
