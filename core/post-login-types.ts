// Types of the Post-Login trigger (v3) as Auth0 hands them to `onExecutePostLogin`, modelled on
// Auth0's published post-login definitions. Only the Action code and the emulator use them; nothing
// here runs.

export type Metadata = { [key: string]: unknown };

export interface PostLoginUser {
  user_id: string;
  email?: string;
  email_verified: boolean;
  name?: string;
  nickname?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  username?: string;
  phone_number?: string;
  phone_verified?: boolean;
  created_at: string;
  updated_at: string;
  last_password_reset?: string;
  identities: Array<{
    connection: string;
    provider: string;
    user_id: string;
    isSocial: boolean;
    profileData?: Record<string, unknown>;
  }>;
  multifactor?: string[];
  enrolledFactors?: Array<{ type: string; options?: Record<string, unknown> }>;
  /** Always an object in Actions, never undefined. */
  app_metadata: Metadata;
  /** Always an object in Actions, never undefined. */
  user_metadata: Metadata;
}

export interface PostLoginRequest {
  asn?: string;
  ip: string;
  hostname?: string;
  method: string;
  language?: string;
  user_agent?: string;
  geoip: {
    cityName?: string;
    continentCode?: string;
    countryCode?: string;
    countryCode3?: string;
    countryName?: string;
    latitude?: number;
    longitude?: number;
    subdivisionCode?: string;
    subdivisionName?: string;
    timeZone?: string;
  };
  query: Record<string, string | undefined>;
  body: Record<string, unknown>;
}

/** Transaction metadata values: Auth0 takes strings, numbers and booleans only. */
export type TransactionMetadataValue = string | number | boolean;

export interface PostLoginTransaction {
  /** Set for every browser-based login. */
  id?: string;
  acr_values: string[];
  linking_id?: string;
  correlation_id?: string;
  /** Always an object: what `api.transaction.setMetadata` stored so far in this transaction. */
  metadata: Record<string, TransactionMetadataValue>;
  locale: string;
  login_hint?: string;
  prompt?: string[];
  protocol:
    | 'oidc-basic-profile'
    | 'oidc-implicit-profile'
    | 'oidc-hybrid-profile'
    | 'oauth2-refresh-token'
    | 'oauth2-resource-owner'
    | 'oauth2-password'
    | 'oauth2-device-code'
    | 'samlp'
    | 'wsfed'
    | 'wstrust-usernamemixed'
    | 'oauth2-token-exchange'
    | 'oauth2-access-token'
    | 'oauth2-resource-owner-jwt-bearer'
    | 'oidc-ciba';
  redirect_uri?: string;
  requested_scopes: string[];
  response_mode?: string;
  response_type?: string[];
  state?: string;
  ui_locales: string[];
}

/** One completed authentication method of the session; `timestamp` is when it was completed. */
export interface AuthenticationMethod {
  name: string;
  timestamp: string;
  /** The factor, for `name: 'mfa'`. */
  type?: string;
  /** The URL of a custom method recorded with `api.authentication.recordMethod`. */
  url?: string;
}

export interface DeviceRecord {
  initial_asn?: string;
  initial_ip?: string;
  initial_user_agent?: string;
  last_asn?: string;
  last_ip?: string;
  last_user_agent?: string;
}

export interface PostLoginSession {
  id: string;
  authenticated_at?: string;
  created_at?: string;
  updated_at?: string;
  expires_at?: string;
  idle_expires_at?: string;
  last_interacted_at?: string;
  user_id?: string;
  device?: DeviceRecord;
  clients?: Array<{ client_id: string }>;
  cookie?: { mode: 'persistent' | 'non-persistent' };
  metadata?: Record<string, string>;
}

export interface PostLoginRefreshToken {
  id: string;
  client_id?: string;
  created_at: string;
  expires_at?: string;
  idle_expires_at?: string;
  last_exchanged_at?: string;
  rotating?: boolean;
  session_id?: string;
  user_id?: string;
  device?: DeviceRecord;
  metadata?: Record<string, string>;
}

export interface PostLoginEvent {
  user: PostLoginUser;
  client: { client_id: string; name: string; metadata: Record<string, string> };
  connection: { id: string; name: string; strategy: string; metadata?: Record<string, string> };
  request: PostLoginRequest;
  stats: { logins_count: number };
  /** `id` is the tenant's name. */
  tenant: { id: string };
  secrets: Record<string, string | undefined>;
  transaction?: PostLoginTransaction;
  authorization?: { roles: string[] };
  organization?: { id: string; name: string; display_name: string; metadata: Record<string, string> };
  custom_domain?: { domain: string; domain_metadata: Record<string, string> };
  /** Data a form rendered with `api.prompt.render` collected, when the login resumes from it. */
  prompt?: { id: string; fields?: Record<string, unknown>; vars?: Record<string, unknown> };
  /** JA3/JA4 fingerprints; Auth0 sets them only behind Cloudflare. */
  security_context?: { ja3?: string; ja4?: string };
  resource_server?: { identifier: string };
  authentication?: {
    methods: AuthenticationMethod[];
    riskAssessment?: Record<string, unknown>;
  };
  session?: PostLoginSession;
  refresh_token?: PostLoginRefreshToken;
}

export interface CacheWriteResult {
  type: 'success' | 'error';
  code?: string;
}

/** A factor for `api.authentication.challengeWith` / `enrollWith` and their `Any` forms. */
export interface FactorSelector {
  type: string;
  options?: Record<string, unknown>;
}

export interface PostLoginApi {
  access: { deny(reason: string): PostLoginApi };
  accessToken: {
    setCustomClaim(name: string, value: unknown): PostLoginApi;
    addScope(scope: string): PostLoginApi;
    removeScope(scope: string): PostLoginApi;
  };
  authentication: {
    challengeWith(factor: FactorSelector, options?: { additionalFactors?: FactorSelector[] }): void;
    challengeWithAny(factors: FactorSelector[]): void;
    enrollWith(factor: FactorSelector, options?: { additionalFactors?: FactorSelector[] }): void;
    enrollWithAny(factors: FactorSelector[]): void;
    recordMethod(providerUrl: string): PostLoginApi;
    setPrimaryUser(primaryUserId: string): void;
  };
  idToken: { setCustomClaim(name: string, value: unknown): PostLoginApi };
  user: {
    setUserMetadata(name: string, value: unknown): PostLoginApi;
    setAppMetadata(name: string, value: unknown): PostLoginApi;
  };
  multifactor: {
    enable(
      provider: string,
      options?: { allowRememberBrowser?: boolean; providerOptions?: Record<string, unknown> },
    ): PostLoginApi;
  };
  redirect: {
    sendUserTo(url: string, options?: { query?: Record<string, string> }): PostLoginApi;
    canRedirect(): boolean;
    encodeToken(options: {
      secret: string;
      payload: Record<string, unknown>;
      expiresInSeconds?: number;
    }): string;
    validateToken(options: { secret: string; tokenParameterName?: string }): Record<string, unknown>;
  };
  cache: {
    get(key: string): { value: string; expires_at: number } | undefined;
    set(key: string, value: string, options?: { ttl?: number; expires_at?: number }): CacheWriteResult;
    delete(key: string): CacheWriteResult;
  };
  /** Only meaningful in a SAML login: each setter records what the SAML response would carry. */
  samlResponse: Record<string, (value: unknown) => void>;
  validation: { error(errorCode: string, errorMessage: string): PostLoginApi };
  rules: { wasExecuted(ruleId: string): boolean };
  prompt: {
    render(
      promptId: string,
      options?: { fields?: Record<string, unknown>; vars?: Record<string, unknown> },
    ): void;
  };
  refreshToken: {
    revoke(reason: string): PostLoginApi;
    setExpiresAt(absolute: number): PostLoginApi;
    setIdleExpiresAt(inactivity: number): PostLoginApi;
    setMetadata(key: string, value: string | null): PostLoginApi;
    deleteMetadata(key: string): PostLoginApi;
    evictMetadata(): PostLoginApi;
  };
  session: {
    revoke(reason: string, options?: { preserveRefreshTokens?: boolean }): PostLoginApi;
    setExpiresAt(absolute: number): PostLoginApi;
    setIdleExpiresAt(inactivity: number): PostLoginApi;
    setCookieMode(mode: 'persistent' | 'non-persistent'): PostLoginApi;
    setMetadata(key: string, value: string | null): PostLoginApi;
    deleteMetadata(key: string): PostLoginApi;
    evictMetadata(): PostLoginApi;
  };
  transaction: { setMetadata(key: string, value: TransactionMetadataValue | null): PostLoginApi };
  groups: {
    getUserGroups(params?: { take?: number; from?: string }): Promise<{
      groups: Array<{ id: string; name: string }>;
      next?: string;
    }>;
    hasGroupMembership(groups: string[]): Promise<{
      isMember: boolean;
      matchingGroups: Array<{ id: string; name: string }>;
    }>;
  };
  roles: {
    getUserEffectiveRoles(params?: { take?: number; from?: string }): Promise<EffectiveRoles>;
    getUserEffectiveRolesByIds(ids: string[]): Promise<EffectiveRoles>;
    getUserEffectiveRolesByNames(names: string[]): Promise<EffectiveRoles>;
  };
}

export interface EffectiveRoles {
  roles: Array<{ id: string; name: string }>;
  next?: string;
}

export type OnExecutePostLogin = (event: PostLoginEvent, api: PostLoginApi) => Promise<void> | void;
