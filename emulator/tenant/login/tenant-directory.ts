import { boundActionsFor } from '../bound-actions.ts';
import { mergeMetadata } from '../management/users.ts';
import type { TenantContext } from '../router.ts';
import type { ClientRecord, Json, JsonObject, ResourceServerRecord, UserRecord } from '../state.ts';
import { DEFAULT_DATABASE_CONNECTION } from '../state.ts';
import type {
  BoundAction,
  LoginClient,
  LoginDirectory,
  LoginResourceServer,
  LoginUser,
  MetadataWrites,
} from './login-directory.ts';

const strings = (value: Json | undefined): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
const text = (value: Json | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const flag = (value: Json | undefined): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;
const count = (value: Json | undefined): number | undefined =>
  typeof value === 'number' ? value : undefined;
const object = (value: Json | undefined): JsonObject | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;

/** Reads a client record as the login endpoints need it; fields of the wrong type count as absent. */
const toLoginClient = (record: ClientRecord): LoginClient => {
  const refresh = object(record.refresh_token);
  const jwt = object(record.jwt_configuration);
  const metadata = object(record.client_metadata);
  return {
    client_id: record.client_id,
    client_secret: record.client_secret,
    name: record.name,
    app_type: text(record.app_type),
    is_first_party: flag(record.is_first_party),
    callbacks: strings(record.callbacks),
    allowed_logout_urls: strings(record.allowed_logout_urls),
    allowed_origins: strings(record.allowed_origins),
    web_origins: strings(record.web_origins),
    grant_types: strings(record.grant_types),
    token_endpoint_auth_method: text(record.token_endpoint_auth_method),
    refresh_token: refresh && {
      rotation_type: text(refresh.rotation_type),
      expiration_type: text(refresh.expiration_type),
      token_lifetime: count(refresh.token_lifetime),
      idle_token_lifetime: count(refresh.idle_token_lifetime),
      infinite_token_lifetime: flag(refresh.infinite_token_lifetime),
      infinite_idle_token_lifetime: flag(refresh.infinite_idle_token_lifetime),
    },
    jwt_configuration: jwt && { lifetime_in_seconds: count(jwt.lifetime_in_seconds) },
    client_metadata: metadata && Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, String(v)])),
  };
};

const toLoginResourceServer = (record: ResourceServerRecord): LoginResourceServer => ({
  identifier: record.identifier,
  name: record.name,
  scopes: Array.isArray(record.scopes)
    ? record.scopes.flatMap((scope) => {
        const value = object(scope)?.value;
        return typeof value === 'string' ? [{ value }] : [];
      })
    : [],
  token_lifetime: count(record.token_lifetime),
  token_lifetime_for_web: count(record.token_lifetime_for_web),
  allow_offline_access: flag(record.allow_offline_access),
  skip_consent_for_verifiable_first_party_clients: flag(
    record.skip_consent_for_verifiable_first_party_clients,
  ),
});

/** Copies, so the Actions runtime never holds a reference into the tenant's state. */
const toLoginUser = (record: UserRecord): LoginUser => structuredClone(record);

/** The login endpoints' view of a fake tenant: the same state the Management API reads and writes. */
export const tenantDirectory = (tenant: TenantContext): LoginDirectory => {
  const { state } = tenant;
  const userRecord = (userId: string) => state.users.find((user) => user.user_id === userId);
  return {
    issuer: () => tenant.issuer,
    tenantId: () => tenant.domain.split('.')[0] ?? tenant.domain,
    defaultAudience: () => text(state.settings.default_audience) || undefined,
    findClient: (clientId) => {
      const record = state.clients.find((client) => client.client_id === clientId);
      return record && toLoginClient(record);
    },
    listClients: () => state.clients.map(toLoginClient),
    findResourceServer: (identifier) => {
      const record = state.resourceServers.find((server) => server.identifier === identifier);
      return record && toLoginResourceServer(record);
    },
    clientGrantScopes: (clientId, audience) =>
      state.clientGrants
        .find((grant) => grant.client_id === clientId && grant.audience === audience)
        ?.scope.slice(),
    findUser: (userId) => {
      const record = userRecord(userId);
      return record && !record.blocked ? toLoginUser(record) : undefined;
    },
    findUserByLogin: (login) => {
      const record = state.users.find(
        (user) => user.user_id === login || user.email.toLowerCase() === login.toLowerCase(),
      );
      return record && !record.blocked ? toLoginUser(record) : undefined;
    },
    listUsers: () => state.users.filter((user) => !user.blocked).map(toLoginUser),
    defaultConnection: () => {
      const connection = state.connections.find(
        (candidate) => candidate.name === DEFAULT_DATABASE_CONNECTION,
      );
      return {
        id: connection?.id ?? 'con_default',
        name: connection?.name ?? DEFAULT_DATABASE_CONNECTION,
        strategy: connection?.strategy ?? 'auth0',
      };
    },
    postLoginActions: () =>
      boundActionsFor(state, 'post-login').map(
        (action): BoundAction => ({
          id: action.actionId,
          name: action.name,
          version: `${action.actionId}@${action.versionNumber}`,
          code: action.code,
          secrets: action.secrets,
        }),
      ),
    applyMetadataWrites: (userId, writes: MetadataWrites) => {
      const record = userRecord(userId);
      if (!record) return;
      const changed = Object.keys(writes.user_metadata).length + Object.keys(writes.app_metadata).length > 0;
      if (!changed) return;
      // The same top-level merge as the Management API's PATCH /users/{id}.
      record.user_metadata = mergeMetadata(record.user_metadata, writes.user_metadata);
      record.app_metadata = mergeMetadata(record.app_metadata, writes.app_metadata);
      record.updated_at = tenant.nowIso();
    },
    recordLogin: (userId) => {
      const record = userRecord(userId);
      if (!record) return;
      record.logins_count += 1;
      record.last_login = tenant.nowIso();
    },
  };
};
