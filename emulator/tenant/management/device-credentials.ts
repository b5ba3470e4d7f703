import type { Management } from 'auth0';
import { Hono } from 'hono';
import { ApiError, badRequest, json, noContent, readJsonObject } from '../http.ts';
import { type DeviceCredentialRecord, randomId, type UserRecord } from '../state.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { pagedList, queryOf, refuseFields, requireString } from './payload.ts';
import { requireScope } from './scopes.ts';
import { authorizeManagementCall } from './token.ts';

// `/api/v2/device-credentials`: the public keys a user's devices register. A user registers one for
// themselves with their own `create:current_user_device_credentials` token (the key is theirs, for
// the application the token was issued to unless `client_id` says another) and removes their own
// with `delete:current_user_device_credentials`; an admin lists them (`read:device_credentials`) and
// removes anyone's (`delete:device_credentials`). The key's value is never shown again.

const FIELDS = ['device_name', 'type', 'value', 'device_id', 'client_id'];

const owned = (users: readonly UserRecord[]) =>
  users.flatMap((user) => (user.deviceCredentials ?? []).map((credential) => ({ user, credential })));

const view = ({ user, credential }: { user: UserRecord; credential: DeviceCredentialRecord }) =>
  ({
    id: credential.id,
    device_name: credential.device_name,
    device_id: credential.device_id,
    type: credential.type,
    user_id: user.user_id,
    client_id: credential.client_id,
  }) satisfies Management.DeviceCredential;

export const deviceCredentialRoutes = new Hono<TenantEnv>()
  .get('/device-credentials', requireScope('read:device_credentials'), (c) => {
    const query = queryOf(c);
    const type = query.get('type');
    if (
      type !== null &&
      type !== 'public_key' &&
      type !== 'refresh_token' &&
      type !== 'rotating_refresh_token'
    ) {
      throw badRequest(
        `Query validation error: unknown device credential type ${type}`,
        'invalid_query_string',
      );
    }
    const matches = owned(c.env.tenant.state.users).filter(
      ({ user, credential }) =>
        (query.get('user_id') ?? user.user_id) === user.user_id &&
        (query.get('client_id') ?? credential.client_id) === credential.client_id &&
        (type ?? credential.type) === credential.type,
    );
    return pagedList(matches, query, 'device_credentials', view);
  })
  .post('/device-credentials', async (c) => {
    const { tenant } = c.env;
    const caller = await authorizeManagementCall(tenant, c.req.raw, 'create:current_user_device_credentials');
    const user = tenant.state.users.find((candidate) => candidate.user_id === caller.userId);
    if (!user) {
      throw badRequest(
        'A device credential is registered for the user of the access token: call with the user’s own token (create:current_user_device_credentials).',
      );
    }
    const body = await readJsonObject(c.req.raw);
    refuseFields(
      body,
      Object.keys(body).filter((field) => !FIELDS.includes(field)),
    );
    if (body.type !== 'public_key') {
      throw badRequest(
        "Payload validation error: 'No enum match for: type' (only public_key can be created).",
      );
    }
    const clientId = body.client_id === undefined ? caller.clientId : requireString(body, 'client_id');
    if (!tenant.state.clients.some((client) => client.client_id === clientId)) {
      throw badRequest(`The client ${clientId ?? '(none)'} does not exist.`, 'invalid_body');
    }
    const credential: DeviceCredentialRecord = {
      id: randomId('dcr_'),
      device_name: requireString(body, 'device_name'),
      device_id: requireString(body, 'device_id'),
      type: 'public_key',
      value: requireString(body, 'value'),
      client_id: clientId ?? '',
    };
    user.deviceCredentials = [...(user.deviceCredentials ?? []), credential];
    return json(
      { id: credential.id } satisfies Management.CreatePublicKeyDeviceCredentialResponseContent,
      201,
    );
  })
  .delete('/device-credentials/:id', async (c) => {
    const { tenant } = c.env;
    const found = owned(tenant.state.users).find(({ credential }) => credential.id === c.req.param('id'));
    // Someone else's key, or none: a user's own token is good only for that user's keys.
    await authorizeManagementCall(tenant, c.req.raw, 'delete:device_credentials', {
      scopes: ['delete:current_user_device_credentials'],
      userId: found?.user.user_id,
    });
    if (!found)
      throw new ApiError(404, 'inexistent_device_credential', 'The device credential does not exist.');
    const { user, credential } = found;
    user.deviceCredentials = (user.deviceCredentials ?? []).filter((kept) => kept !== credential);
    return noContent();
  });
