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

export interface PostLoginTransaction {
  id?: string;
  acr_values: string[];
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

export interface PostLoginEvent {
  user: PostLoginUser;
  client: { client_id: string; name: string; metadata: Record<string, string> };
  connection: { id: string; name: string; strategy: string; metadata?: Record<string, string> };
  request: PostLoginRequest;
  stats: { logins_count: number };
  tenant: { id: string };
  secrets: Record<string, string | undefined>;
  transaction?: PostLoginTransaction;
  authorization?: { roles: string[] };
  organization?: { id: string; name: string; display_name?: string; metadata: Record<string, string> };
  resource_server?: { identifier: string };
  authentication?: {
    methods: Array<{ name: string; timestamp: string; type?: string }>;
    riskAssessment?: Record<string, unknown>;
  };
  session?: { id: string; created_at?: string; updated_at?: string; authenticated_at?: string };
  refresh_token?: { id: string; client_id: string; created_at?: string; expires_at?: string };
}

export interface CacheWriteResult {
  type: 'success' | 'error';
  code?: string;
}

export interface PostLoginApi {
  access: { deny(reason: string): PostLoginApi };
  accessToken: {
    setCustomClaim(name: string, value: unknown): PostLoginApi;
    addScope(scope: string): PostLoginApi;
    removeScope(scope: string): PostLoginApi;
  };
  idToken: { setCustomClaim(name: string, value: unknown): PostLoginApi };
  user: {
    setUserMetadata(name: string, value: unknown): PostLoginApi;
    setAppMetadata(name: string, value: unknown): PostLoginApi;
  };
  multifactor: { enable(provider: string, options?: { allowRememberBrowser?: boolean }): PostLoginApi };
  redirect: {
    sendUserTo(url: string, options?: { query?: Record<string, string> }): PostLoginApi;
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
}

export type OnExecutePostLogin = (event: PostLoginEvent, api: PostLoginApi) => Promise<void> | void;
