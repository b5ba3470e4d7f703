import type { Management } from 'auth0';

// What the fake Management API answers, typed with the official auth0 SDK's response types (auth0
// 7.1, generated from Auth0's own Management API definition), so `tsc` fails when a view gives a
// field the wrong type. Type-only: no SDK code runs in the emulator.
//
// The SDK marks nearly every response field optional (a real tenant may leave any of them out), which
// alone would let a view drop `id`. `Shown` makes required the fields Auth0 returns on every answer of
// that type (Management API reference, https://auth0.com/docs/api/management/v2, each endpoint's
// response sample) and this tenant always has, so a view that loses one fails the typecheck too.

/** `T` with the fields `K` always present. */
export type Shown<T, K extends keyof T> = T & { [P in K]-?: Exclude<T[P], undefined> };

/**
 * `Client` also takes any other field (`[key: string]: any`): Auth0 keeps adding client settings, and
 * deploy-cli round-trips ones the SDK does not know. Only the known fields are checked.
 */
export type ClientResponse = Shown<
  Management.Client,
  'client_id' | 'name' | 'tenant' | 'global' | 'is_first_party' | 'callbacks'
>;

export type ResourceServerResponse = Shown<
  Management.ResourceServer,
  'id' | 'name' | 'identifier' | 'is_system' | 'scopes' | 'signing_alg' | 'token_lifetime'
>;

export type ClientGrantResponse = Shown<
  Management.ClientGrantResponseContent,
  'id' | 'client_id' | 'audience' | 'scope'
>;

/**
 * `enabled_clients` is in the SDK's single-connection answers but not in `ConnectionForList` (the
 * list item): Auth0 is moving it to `/connections/{id}/clients`. deploy-cli 8.44 still reads it from
 * both, so this tenant keeps answering it on both (AUTH0-FACTS.md, "Corrections and additions").
 */
export type ConnectionResponse = Shown<
  Management.GetConnectionResponseContent,
  'id' | 'name' | 'strategy' | 'enabled_clients'
>;

export type ConnectionClientsResponse = Management.GetConnectionEnabledClientsResponseContent;

export type RoleResponse = Shown<Management.Role, 'id' | 'name' | 'description'>;

export type RolePermissionResponse = Shown<
  Management.PermissionsResponsePayload,
  'permission_name' | 'resource_server_identifier' | 'resource_server_name' | 'description'
>;

export type ActionTriggerRef = Management.ActionTrigger;

export type ActionSummaryResponse = Shown<
  Management.ActionBase,
  'id' | 'name' | 'supported_triggers' | 'created_at' | 'updated_at' | 'all_changes_deployed'
>;

export type ActionVersionResponse = Shown<
  Management.ActionVersion,
  | 'id'
  | 'action_id'
  | 'number'
  | 'code'
  | 'runtime'
  | 'dependencies'
  | 'secrets'
  | 'supported_triggers'
  | 'deployed'
  | 'status'
  | 'created_at'
  | 'updated_at'
  | 'action'
>;

export type ActionResponse = Shown<
  Management.Action,
  | 'id'
  | 'name'
  | 'supported_triggers'
  | 'created_at'
  | 'updated_at'
  | 'all_changes_deployed'
  | 'code'
  | 'runtime'
  | 'dependencies'
  | 'secrets'
  | 'status'
>;

export type ActionBindingResponse = Shown<
  Management.ActionBinding,
  'id' | 'trigger_id' | 'display_name' | 'created_at' | 'updated_at'
>;

export type UpdateBindingsResponse = Shown<Management.UpdateActionBindingsResponseContent, 'bindings'>;

export type ActionTriggerResponse = Shown<
  Management.ActionTrigger,
  'version' | 'status' | 'runtimes' | 'default_runtime'
>;

export type UserResponse = Shown<
  Management.GetUserResponseContent,
  | 'user_id'
  | 'email'
  | 'email_verified'
  | 'name'
  | 'nickname'
  | 'picture'
  | 'created_at'
  | 'updated_at'
  | 'identities'
  | 'user_metadata'
  | 'app_metadata'
  | 'logins_count'
>;

export type OrganizationResponse = Shown<
  Management.GetOrganizationResponseContent,
  'id' | 'name' | 'metadata'
>;

/** One answer for both connection paths: the newer one adds `is_enabled` and the access settings. */
export type OrganizationConnectionResponse = Shown<
  Management.GetOrganizationAllConnectionResponseContent,
  'connection_id' | 'assign_membership_on_login' | 'show_as_button' | 'connection'
>;

export type OrganizationMemberResponse = Shown<Management.OrganizationMember, 'user_id' | 'email' | 'name'>;

export type OrganizationClientGrantResponse = Shown<
  Management.OrganizationClientGrant,
  'id' | 'client_id' | 'audience' | 'scope'
>;

export type TenantSettingsResponse = Management.GetTenantSettingsResponseContent;

/** One view answers both the export's creation and its status reads. */
export type UsersExportJobResponse = Management.CreateExportUsersResponseContent &
  Management.GetJobResponseContent;

export type GuardianFactorResponse = Shown<Management.GuardianFactor, 'name' | 'enabled' | 'trial_expired'>;

// The list envelopes every paged view shares; test/emulator/tenant/management-types.test-d.ts holds
// them to the SDK's list types.

/** `page`/`per_page` with `include_totals=true`. */
export type OffsetPage<Key extends string, Item> = {
  start: number;
  limit: number;
  length: number;
  total: number;
} & { [K in Key]: Item[] };

/**
 * `take`/`from`: `next` is absent on the last page. The SDK types `/client-grants` only this way
 * (ListClientGrantPaginatedResponseContent), though Auth0 documents `page`/`per_page`/`include_totals`
 * for it as well, which the plan reader pages with (deploy-cli uses `take`/`from`); the fake answers both.
 */
export type CheckpointPage<Key extends string, Item> = { next?: string } & { [K in Key]: Item[] };

/** The Actions lists, paged the newer way: always an envelope, with `page` and `per_page`. */
export type ActionsPage<Key extends string, Item> = {
  total: number;
  page: number;
  per_page: number;
} & { [K in Key]: Item[] };
