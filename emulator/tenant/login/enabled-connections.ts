import type { ConnectionRecord, UserRecord } from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';
import { OAuthError } from './oauth-error.ts';

// An application may log users in only through the connections it is enabled on ("Applications in
// Auth0" and the connection's Applications tab, https://auth0.com/docs/authenticate/identity-providers;
// kept through `/api/v2/connections/{id}/clients`). A user belongs to the connection of their first
// identity. Auth0 sends an app enabled on no connection back with `invalid_request` "no connections
// enabled for the client" (as reported in auth0-samples/auth0-vue-samples#185), and refuses a
// connection the app is not enabled on with "the connection is not enabled".

/** The connection a user belongs to: the one their (first) identity came from. */
export const connectionOfUser = (tenant: TenantContext, user: UserRecord): ConnectionRecord | undefined => {
  const name = user.identities?.[0]?.connection;
  return tenant.state.connections.find((connection) => connection.name === name);
};

/** Why `/authorize` cannot log anyone in for this client at all, or undefined. */
export const noEnabledConnection = (tenant: TenantContext, clientId: string): OAuthError | undefined =>
  tenant.state.connections.some((connection) => connection.enabled_clients.includes(clientId))
    ? undefined
    : new OAuthError(400, 'invalid_request', 'no connections enabled for the client');

/** Why this user may not log in to this client, or undefined when their connection allows it. */
export const connectionRefusal = (
  tenant: TenantContext,
  clientId: string,
  user: UserRecord,
): OAuthError | undefined => {
  const none = noEnabledConnection(tenant, clientId);
  if (none) return none;
  const connection = connectionOfUser(tenant, user);
  return connection?.enabled_clients.includes(clientId)
    ? undefined
    : new OAuthError(400, 'invalid_request', 'the connection is not enabled');
};
