import type { Management } from 'auth0';
import { expectTypeOf } from 'vitest';
import type { ManagementApi } from '../../../deploy/management-api.ts';
import { viewAction, viewVersion } from '../../../emulator/tenant/management/action-records.ts';
import { viewClient } from '../../../emulator/tenant/management/clients.ts';
import { viewResourceServer } from '../../../emulator/tenant/management/resource-servers.ts';
import type {
  ActionResponse,
  ActionsPage,
  CheckpointPage,
  ClientGrantResponse,
  ClientResponse,
  OffsetPage,
  ResourceServerResponse,
  RoleResponse,
  UserResponse,
} from '../../../emulator/tenant/management/response-types.ts';
import { viewUser } from '../../../emulator/tenant/management/users.ts';
import type { ActionRecord, ClientGrantRecord } from '../../../emulator/tenant/state.ts';

// Type tests, checked by `npm run typecheck` (tsc over test/): the fake Management API's answers and
// the plan reader's view of them are the auth0 SDK's response types, and the typing refuses a field
// of the wrong type or a missing one. Each `@ts-expect-error` below is a view written wrong on
// purpose: if the typing ever stops refusing it, the unused directive fails the typecheck.

// The views answer in the SDK's types.
expectTypeOf(viewClient).returns.toEqualTypeOf<ClientResponse>();
expectTypeOf<ClientResponse>().toExtend<Management.GetClientResponseContent>();
expectTypeOf(viewResourceServer).returns.toExtend<Management.GetResourceServerResponseContent>();
expectTypeOf(viewAction).returns.toExtend<Management.GetActionResponseContent>();
expectTypeOf(viewVersion).returns.toExtend<Management.GetActionVersionResponseContent>();
expectTypeOf(viewUser).returns.toExtend<Management.GetUserResponseContent>();

// The list envelopes are the SDK's list types.
expectTypeOf<
  OffsetPage<'clients', ClientResponse>
>().toExtend<Management.ListClientsOffsetPaginatedResponseContent>();
expectTypeOf<
  OffsetPage<'resource_servers', ResourceServerResponse>
>().toExtend<Management.ListResourceServerOffsetPaginatedResponseContent>();
expectTypeOf<
  OffsetPage<'roles', RoleResponse>
>().toExtend<Management.ListRolesOffsetPaginatedResponseContent>();
expectTypeOf<
  OffsetPage<'users', UserResponse>
>().toExtend<Management.ListUsersOffsetPaginatedResponseContent>();
expectTypeOf<
  CheckpointPage<'client_grants', ClientGrantResponse>
>().toExtend<Management.ListClientGrantPaginatedResponseContent>();
expectTypeOf<
  ActionsPage<'actions', ActionResponse>
>().toExtend<Management.ListActionsPaginatedResponseContent>();

const client: ClientResponse = {
  client_id: 'abc',
  name: 'Web App',
  tenant: 'local-tenant',
  global: false,
  is_first_party: true,
  callbacks: [],
};

export const wrongAppType: ClientResponse = {
  ...client,
  // @ts-expect-error Auth0 has no 'desktop' application type
  app_type: 'desktop',
};

export const wrongRefreshSettings: ClientResponse = {
  ...client,
  // @ts-expect-error refresh-token settings always carry rotation_type and expiration_type
  refresh_token: { rotation_type: 'rotating' },
};

// @ts-expect-error client_id is on every client Auth0 shows
export const missingClientId: ClientResponse = {
  name: 'Web App',
  tenant: 'local-tenant',
  global: false,
  is_first_party: true,
  callbacks: [],
};

/** A view written the way the routes write theirs, with one field wrong. */
export const grantView = (grant: ClientGrantRecord): ClientGrantResponse => ({
  ...grant,
  // @ts-expect-error scope is a list of scope names, not one string
  scope: grant.scope.join(' '),
});

/** A view that forgets the Action's status. */
// @ts-expect-error status ('pending' / 'built') is on every Action Auth0 shows
export const actionView = (action: ActionRecord): ActionResponse => ({
  id: action.id,
  name: action.name,
  supported_triggers: action.supported_triggers,
  created_at: action.created_at,
  updated_at: action.updated_at,
  all_changes_deployed: false,
  code: action.code,
  runtime: action.runtime,
  dependencies: action.dependencies,
  secrets: [],
});

export const unknownTrigger: ActionRecord['supported_triggers'] = [
  // @ts-expect-error an Action is written for one of Auth0's triggers
  { id: 'post-logon', version: 'v3' },
];

// The plan reader's answers are the same SDK types, by path.
declare const api: ManagementApi;
expectTypeOf(api.list('/clients', 'clients')).resolves.toEqualTypeOf<Management.Client[]>();
expectTypeOf(api.list('/actions/actions', 'actions')).resolves.toEqualTypeOf<Management.Action[]>();
expectTypeOf(api.list('/roles/rol_1/permissions', 'permissions')).resolves.toEqualTypeOf<
  Management.PermissionsResponsePayload[]
>();
expectTypeOf(
  api.get('/tenants/settings'),
).resolves.toEqualTypeOf<Management.GetTenantSettingsResponseContent>();
expectTypeOf(
  api.get('/connections/con_1/clients'),
).resolves.toEqualTypeOf<Management.GetConnectionEnabledClientsResponseContent>();
// @ts-expect-error the reader has no type for this path, so it cannot read it
export const untypedRead = api.get('/tenant/settings');
