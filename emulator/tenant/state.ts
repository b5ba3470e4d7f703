import { randomBytes } from 'node:crypto';
import type { Management } from 'auth0';
import type { Json, JsonObject } from '../../core/json.ts';
import { createFeatureState, type FeatureState } from './feature-state.ts';
import type { OrganizationRecord } from './organization-state.ts';

// The fake tenant's whole state as plain data, so a test can snapshot it, compare it, or seed it.
// Records keep what the real tenant keeps (secret values included); the management modules decide
// what a response may show.

/**
 * Fields a record keeps as they were sent (a Management API write stores what it is given) but that
 * nothing here reads. The fields the login endpoints do read are declared, and checked when written.
 */
type StoredAsSent = { [field: string]: Json | undefined };

/**
 * The SDK's (and so Auth0's) refresh-token settings: `rotation_type` and `expiration_type` are
 * required whenever the object is written. `leeway` is the seconds a rotated token may still be
 * exchanged (the reuse interval); `token_lifetime` the absolute lifetime of an expiring token (and its
 * rotations); `idle_token_lifetime` how long it may go unused, restarted by each exchange.
 * `policies` (refresh tokens for several APIs) is not modelled.
 */
export type RefreshTokenSettings = Omit<Management.ClientRefreshTokenConfiguration, 'policies'>;

export interface ClientRecord extends StoredAsSent {
  client_id: string;
  client_secret: string;
  name: string;
  app_type?: Management.ClientAppTypeEnum;
  /** Auth0 treats a client as first-party unless it is explicitly marked third-party. */
  is_first_party?: boolean;
  global?: boolean;
  callbacks?: string[];
  allowed_logout_urls?: string[];
  allowed_origins?: string[];
  web_origins?: string[];
  grant_types?: string[];
  /** `none` marks a public client (SPA, native): it cannot keep a secret, so PKCE is required. */
  token_endpoint_auth_method?: Management.ClientTokenEndpointAuthMethodEnum;
  refresh_token?: RefreshTokenSettings | null;
  jwt_configuration?: {
    lifetime_in_seconds?: number;
    alg?: Management.SigningAlgorithmEnum;
    secret_encoded?: boolean;
  };
  client_metadata?: { [key: string]: string };
  /** Opts the application out of the confirmation before a login goes to a loopback callback. */
  skip_non_verifiable_callback_uri_confirmation_prompt?: boolean;
  /** Whether logins take an organization (`deny` when absent), and what `require` does without one. */
  organization_usage?: Management.ClientOrganizationUsageEnum;
  organization_require_behavior?: Management.ClientOrganizationRequireBehaviorEnum;
}

export type ResourceServerScope = { value: string; description?: string };

export interface ResourceServerRecord extends StoredAsSent {
  id: string;
  identifier: string;
  name: string;
  scopes?: ResourceServerScope[];
  signing_alg?: Management.SigningAlgorithmEnum;
  token_dialect?: Management.ResourceServerTokenDialectResponseEnum;
  enforce_policies?: boolean;
  token_lifetime?: number;
  token_lifetime_for_web?: number;
  allow_offline_access?: boolean;
  skip_consent_for_verifiable_first_party_clients?: boolean;
  is_system?: boolean;
}

export interface ClientGrantRecord extends StoredAsSent {
  id: string;
  client_id: string;
  audience: string;
  scope: string[];
}

export interface ConnectionRecord extends StoredAsSent {
  id: string;
  name: string;
  strategy: string;
  enabled_clients: string[];
}

export interface TenantSettings extends StoredAsSent {
  /** The API a login without `audience` gets an access token for; `''` for none. */
  default_audience?: string;
  flags?: { [flag: string]: boolean };
  /** Opts every application out of the confirmation before a login goes to a loopback callback. */
  skip_non_verifiable_callback_uri_confirmation_prompt?: boolean;
  /** `/authorize` takes organization names too, and tokens carry `org_name` beside `org_id`. */
  allow_organization_name_in_authentication_api?: boolean;
}

export interface ActionSecret {
  name: string;
  value: string;
  updated_at: string;
}

export type ActionStatus = 'pending' | 'built';

/** A trigger an Action is written for: one of the ids Auth0 (and so the SDK's type) knows. */
export type ActionTriggerRef = { id: Management.ActionTriggerTypeEnum; version: string };

/** The editable draft of an Action; every deploy freezes it into a new numbered version. */
export interface ActionRecord {
  id: string;
  name: string;
  supported_triggers: ActionTriggerRef[];
  code: string;
  runtime: string;
  dependencies: Array<{ name: string; version: string }>;
  secrets: ActionSecret[];
  /** The Action modules the draft uses, each at one published version. */
  modules?: Management.ActionModuleReference[];
  created_at: string;
  updated_at: string;
  /** Clock time at which the draft's build finishes; before it the status is `pending`. */
  built_at: number;
  versions: ActionVersionRecord[];
  deployed_version_number: number | null;
}

export interface ActionVersionRecord {
  id: string;
  action_id: string;
  number: number;
  code: string;
  runtime: string;
  dependencies: Array<{ name: string; version: string }>;
  secrets: ActionSecret[];
  supported_triggers: ActionTriggerRef[];
  /** The Action modules this version uses, each at the published version the draft pinned. */
  modules?: Management.ActionModuleReference[];
  deployed: boolean;
  status: 'built';
  created_at: string;
}

export interface TriggerBindingRecord {
  id: string;
  action_id: string;
  display_name: string;
  created_at: string;
}

export interface UserRecord {
  user_id: string;
  email: string;
  email_verified: boolean;
  name: string;
  nickname: string;
  picture: string;
  created_at: string;
  updated_at: string;
  identities: Array<{
    connection: string;
    provider: Management.UserIdentityProviderEnum;
    user_id: string;
    isSocial: boolean;
    /** A linked (secondary) account's profile, as it was when it was linked. */
    profileData?: Management.UserProfileData;
  }>;
  user_metadata: JsonObject;
  app_metadata: JsonObject;
  logins_count: number;
  last_login?: string;
  blocked?: boolean;
  given_name?: string;
  family_name?: string;
  username?: string;
  phone_number?: string;
  phone_verified?: boolean;
  last_password_reset?: string;
  /** The MFA providers the user enrolled with (`guardian`, `google-authenticator`...), as Auth0 lists them. */
  multifactor?: string[];
  /**
   * The factors the user enrolled (`event.user.enrolledFactors`); Auth0 keeps them as authentication
   * methods (`/users/{id}/authentication-methods`), not on the user, so the Management API hides them.
   */
  enrolledFactors?: Array<{ type: string; options?: Record<string, string> }>;
  /** Public keys registered at `/api/v2/device-credentials`; Auth0 lists them there, not on the user. */
  deviceCredentials?: DeviceCredentialRecord[];
  /** Kept so the login endpoints can check a password; never returned by the Management API. */
  password?: string;
}

export interface DeviceCredentialRecord {
  id: string;
  device_name: string;
  device_id: string;
  type: 'public_key';
  value: string;
  client_id: string;
}

/** Profile fields Auth0 stores only once a user or an admin sets them, and hands an Action only then. */
export const OPTIONAL_PROFILE_FIELDS = [
  'given_name',
  'family_name',
  'username',
  'phone_number',
  'phone_verified',
  'last_password_reset',
] as const satisfies ReadonlyArray<keyof UserRecord>;

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The query string with its `?`, or `''`. */
  query: string;
  /** The answer's status; 0 when the connection was dropped before an answer. */
  status: number;
}

export interface TenantState {
  settings: TenantSettings;
  /**
   * The tenant-wide "All Applications" client every tenant has. Kept apart from `clients` (the
   * applications) because no deploy manages it; the API lists it with them, as Auth0 does.
   */
  globalClient: ClientRecord;
  clients: ClientRecord[];
  resourceServers: ResourceServerRecord[];
  clientGrants: ClientGrantRecord[];
  connections: ConnectionRecord[];
  actions: ActionRecord[];
  /** Ordered bindings per trigger id (`post-login`, ...). */
  triggerBindings: Record<string, TriggerBindingRecord[]>;
  users: UserRecord[];
  /** Organizations with their connections and members (organization-state.ts). */
  organizations: OrganizationRecord[];
  /** Roles, Rules and the tenant-wide settings types (feature-state.ts). */
  features: FeatureState;
  requests: RequestLogEntry[];
}

export const DEFAULT_DATABASE_CONNECTION = 'Username-Password-Authentication';

export const randomId = (prefix: string, bytes = 8): string =>
  `${prefix}${randomBytes(bytes).toString('hex')}`;

/** A client id in Auth0's shape: 32 URL-safe characters. */
export const newClientId = (): string => randomBytes(24).toString('base64url').slice(0, 32);

export const newClientSecret = (): string => randomBytes(48).toString('base64url');

export const createTenantState = (domain: string, now: string): TenantState => ({
  settings: {
    friendly_name: domain.split('.')[0] ?? domain,
    picture_url: '',
    support_email: '',
    support_url: '',
    allowed_logout_urls: [],
    session_lifetime: 168,
    idle_session_lifetime: 72,
    default_audience: '',
    default_directory: '',
    enabled_locales: ['en'],
    flags: { enable_client_connections: true },
    sandbox_version: '22',
  },
  globalClient: {
    name: 'All Applications',
    global: true,
    tenant: domain.split('.')[0] ?? domain,
    is_first_party: true,
    callbacks: [],
    client_id: newClientId(),
    client_secret: newClientSecret(),
  },
  clients: [],
  resourceServers: [],
  clientGrants: [],
  connections: [
    {
      id: randomId('con_'),
      name: DEFAULT_DATABASE_CONNECTION,
      strategy: 'auth0',
      display_name: DEFAULT_DATABASE_CONNECTION,
      is_domain_connection: false,
      realms: [DEFAULT_DATABASE_CONNECTION],
      options: { brute_force_protection: true, passwordPolicy: 'good' },
      enabled_clients: [],
      created_at: now,
    },
  ],
  actions: [],
  triggerBindings: {},
  users: [],
  organizations: [],
  features: createFeatureState(),
  requests: [],
});

/** A deep copy, so assertions compare against the state at one moment, unaffected by later requests. */
export const snapshotState = (state: TenantState): TenantState => structuredClone(state);
