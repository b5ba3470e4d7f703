// What the login endpoints read from and write to the tenant. The fake tenant's state satisfies it
// through a thin adapter, so the login code does not depend on how the state is stored. Field names
// are the Management API's, so records from the state pass through unchanged.

export interface LoginClient {
  client_id: string;
  client_secret?: string;
  name: string;
  app_type?: string;
  /** Auth0 treats a client as first-party unless it is explicitly marked third-party. */
  is_first_party?: boolean;
  callbacks?: string[];
  allowed_logout_urls?: string[];
  allowed_origins?: string[];
  web_origins?: string[];
  grant_types?: string[];
  /** `none` marks a public client (SPA, native): it cannot keep a secret, so PKCE is required. */
  token_endpoint_auth_method?: 'none' | 'client_secret_post' | 'client_secret_basic' | string;
  refresh_token?: {
    rotation_type?: 'rotating' | 'non-rotating' | string;
    expiration_type?: 'expiring' | 'non-expiring' | string;
    /** Absolute lifetime in seconds of an expiring refresh token (and of its rotations). */
    token_lifetime?: number;
    /** How long an expiring refresh token may go unused, in seconds; each exchange starts it again. */
    idle_token_lifetime?: number;
    infinite_token_lifetime?: boolean;
    infinite_idle_token_lifetime?: boolean;
  };
  jwt_configuration?: { lifetime_in_seconds?: number };
  client_metadata?: Record<string, string>;
}

export interface LoginResourceServer {
  identifier: string;
  name?: string;
  scopes?: Array<{ value: string; description?: string }>;
  token_lifetime?: number;
  token_lifetime_for_web?: number;
  allow_offline_access?: boolean;
  skip_consent_for_verifiable_first_party_clients?: boolean;
}

export interface LoginUser {
  user_id: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  nickname?: string;
  picture?: string;
  created_at?: string;
  updated_at?: string;
  logins_count?: number;
  identities?: Array<{ connection: string; provider: string; user_id: string; isSocial: boolean }>;
  user_metadata?: Record<string, unknown>;
  app_metadata?: Record<string, unknown>;
}

export interface LoginConnection {
  id: string;
  name: string;
  strategy: string;
}

/** One post-login Action as deployed: the code of its deployed version and that version's secrets. */
export interface BoundAction {
  id: string;
  name: string;
  /** Changes with every deploy, so a redeployed Action is loaded afresh. */
  version: string;
  code: string;
  secrets: Record<string, string>;
}

export interface MetadataWrites {
  user_metadata: Record<string, unknown>;
  app_metadata: Record<string, unknown>;
}

export interface LoginDirectory {
  /** `https://<domain>/` for a public tenant, `http://127.0.0.1:<port>/` on loopback. */
  issuer(): string;
  tenantId(): string;
  /** The tenant's `default_audience` setting: the API a request without `audience` gets a token for. */
  defaultAudience(): string | undefined;
  findClient(clientId: string): LoginClient | undefined;
  listClients(): LoginClient[];
  findResourceServer(identifier: string): LoginResourceServer | undefined;
  /** The scopes a client grant gives the client for the audience, or undefined without a grant. */
  clientGrantScopes(clientId: string, audience: string): string[] | undefined;
  findUser(userId: string): LoginUser | undefined;
  /** By user id or email, for the login page and `login_hint`. */
  findUserByLogin(login: string): LoginUser | undefined;
  listUsers(): LoginUser[];
  defaultConnection(): LoginConnection;
  /** The deployed post-login Actions in binding order. */
  postLoginActions(): BoundAction[];
  /** Applies batched writes with the Management API's top-level merge; `null` deletes a key. */
  applyMetadataWrites(userId: string, writes: MetadataWrites): void;
  recordLogin(userId: string): void;
}
