import type { MetadataWrites } from '../../actions/index.ts';
import { canonicalAudience } from '../issuer.ts';
import { mergeMetadata } from '../metadata-merge.ts';
import { multifactorProviders } from '../seed-users.ts';
import {
  type ClientRecord,
  type ConnectionRecord,
  DEFAULT_DATABASE_CONNECTION,
  type ResourceServerRecord,
  type UserRecord,
} from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';

// What the login endpoints read from and write to the tenant: the same state the Management API
// reads and writes, whose records were checked when they were written.

export const tenantIdOf = (tenant: TenantContext): string => tenant.domain.split('.')[0] ?? tenant.domain;

/** The tenant's `default_audience` setting: the API a request without `audience` gets a token for. */
export const defaultAudience = (tenant: TenantContext): string | undefined =>
  tenant.state.settings.default_audience || undefined;

export const findClient = (tenant: TenantContext, clientId: string): ClientRecord | undefined =>
  tenant.state.clients.find((client) => client.client_id === clientId);

export const findResourceServer = (
  tenant: TenantContext,
  identifier: string,
): ResourceServerRecord | undefined =>
  tenant.state.resourceServers.find((server) => server.identifier === canonicalAudience(tenant, identifier));

/** The scopes a client grant gives the client for the audience, or undefined without a grant. */
export const clientGrantScopes = (
  tenant: TenantContext,
  clientId: string,
  audience: string,
): string[] | undefined =>
  tenant.state.clientGrants
    .find((grant) => grant.client_id === clientId && grant.audience === audience)
    ?.scope.slice();

const storedUser = (tenant: TenantContext, userId: string): UserRecord | undefined =>
  tenant.state.users.find((user) => user.user_id === userId);

/** A copy, so the Actions runtime never holds a reference into the tenant's state; blocked users are absent. */
export const findUser = (tenant: TenantContext, userId: string): UserRecord | undefined => {
  const record = storedUser(tenant, userId);
  return record && !record.blocked ? structuredClone(record) : undefined;
};

const sameEmail = (email: unknown, login: string): boolean =>
  typeof email === 'string' && email.toLowerCase() === login.toLowerCase();

/**
 * The stored record itself, not blocked, for what only reads it on the way to a login; what reaches
 * the Actions runtime is the login event's copy (`buildLoginEvent`). Copying the user on every such
 * read was four structured clones a login.
 */
export const readUser = (tenant: TenantContext, userId: string): Readonly<UserRecord> | undefined => {
  const record = storedUser(tenant, userId);
  return record && !record.blocked ? record : undefined;
};

const storedUserByLogin = (tenant: TenantContext, login: string): UserRecord | undefined => {
  const record =
    tenant.state.users.find((user) => user.user_id === login || sameEmail(user.email, login)) ??
    tenant.state.users.find((user) =>
      user.identities.some((identity) => sameEmail(identity.profileData?.email, login)),
    );
  return record && !record.blocked ? record : undefined;
};

/**
 * By user id or email, for the login page and `login_hint`; an account linked into another user logs
 * in as that (primary) user, as on Auth0.
 */
export const findUserByLogin = (tenant: TenantContext, login: string): UserRecord | undefined => {
  const record = storedUserByLogin(tenant, login);
  return record && structuredClone(record);
};

/** `findUserByLogin`'s user id alone, without copying the user. */
export const userIdByLogin = (tenant: TenantContext, login: string): string | undefined =>
  storedUserByLogin(tenant, login)?.user_id;

export const listUsers = (tenant: TenantContext): UserRecord[] =>
  tenant.state.users.filter((user) => !user.blocked).map((user) => structuredClone(user));

export const defaultConnection = (
  tenant: TenantContext,
): Pick<ConnectionRecord, 'id' | 'name' | 'strategy'> => {
  const connection = tenant.state.connections.find(
    (candidate) => candidate.name === DEFAULT_DATABASE_CONNECTION,
  );
  return {
    id: connection?.id ?? 'con_default',
    name: connection?.name ?? DEFAULT_DATABASE_CONNECTION,
    strategy: connection?.strategy ?? 'auth0',
  };
};

/** Saves a login's batched writes with the Management API's top-level merge; `null` deletes a key. */
export const applyMetadataWrites = (tenant: TenantContext, userId: string, writes: MetadataWrites): void => {
  const record = storedUser(tenant, userId);
  if (!record) return;
  const changed = Object.keys(writes.user_metadata).length + Object.keys(writes.app_metadata).length > 0;
  if (!changed) return;
  record.user_metadata = mergeMetadata(record.user_metadata, writes.user_metadata);
  record.app_metadata = mergeMetadata(record.app_metadata, writes.app_metadata);
  record.updated_at = tenant.nowIso();
};

export const recordLogin = (tenant: TenantContext, userId: string): void => {
  const record = storedUser(tenant, userId);
  if (!record) return;
  record.logins_count += 1;
  record.last_login = tenant.nowIso();
};

/** A factor the user just enrolled: kept for later challenges and listed in the user's `multifactor`. */
export const recordEnrollment = (tenant: TenantContext, userId: string, factorType: string): void => {
  const record = storedUser(tenant, userId);
  if (!record) return;
  const factors = record.enrolledFactors ?? [];
  if (!factors.some((factor) => factor.type === factorType)) factors.push({ type: factorType });
  record.enrolledFactors = factors;
  record.multifactor = multifactorProviders(factors);
  record.updated_at = tenant.nowIso();
};
