// The fake Auth0 tenant: every name other parts of the project import.
export type { BoundAction } from './bound-actions.ts';
export { boundActionsFor } from './bound-actions.ts';
export type {
  FakeTenant,
  FakeTenantOptions,
  TenantExtension,
  TenantExtensionFactory,
} from './fake-tenant.ts';
export { createFakeTenant } from './fake-tenant.ts';
export type { FaultRule, RequestMatch } from './faults.ts';
export { ConnectionDroppedError, FaultInjector } from './faults.ts';
export { ApiError, errorResponse, json, readFormOrJson, readJsonObject } from './http.ts';
export type { GrantHandler } from './management/token.ts';
export {
  clientCredentialsOf,
  issueManagementToken,
  managementClientCredentials,
} from './management/token.ts';
export { mergeMetadata, viewUser } from './management/users.ts';
export type { Route, RouteHandler, RouteRequest, TenantContext } from './router.ts';
export type { UserSeed } from './seed-users.ts';
export { seedUsers } from './seed-users.ts';
export type {
  ActionRecord,
  ActionVersionRecord,
  ClientRecord,
  Json,
  JsonObject,
  RequestLogEntry,
  TenantState,
  UserRecord,
} from './state.ts';
export { DEFAULT_DATABASE_CONNECTION, snapshotState } from './state.ts';
export type { InProcessTenant, ServedTenant } from './transport.ts';
export { fakeTenantHandlers, serveFakeTenant, useFakeTenantInProcess } from './transport.ts';
