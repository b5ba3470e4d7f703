import { Hono } from 'hono';
import { ApiError, badRequest, json, readJsonObject } from '../http.ts';
import { mergeMetadata } from '../metadata-merge.ts';
import type { UserRecord } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { pagedList, queryOf, refuseFields } from './payload.ts';
import type { UserResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';

// `/api/v2/users`: read and update users. A PATCH merges `user_metadata` and `app_metadata` at the
// top level only (a nested object is replaced whole, `null` deletes a key), which is why editable
// preferences belong in top-level keys.

const READ_ONLY = [
  'user_id',
  'identities',
  'created_at',
  'updated_at',
  'logins_count',
  'last_login',
  'last_ip',
];
const EDITABLE_STRINGS = ['email', 'name', 'nickname', 'picture', 'given_name', 'family_name', 'username'];
const EDITABLE = [
  ...EDITABLE_STRINGS,
  'user_metadata',
  'app_metadata',
  'email_verified',
  'blocked',
  'password',
  'connection',
  'client_id',
  'verify_email',
];

/** A user as the API shows it: everything but the password, the enrolled factors and device keys. */
export const viewUser = (user: UserRecord): UserResponse => {
  const {
    password: _password,
    enrolledFactors: _factors,
    deviceCredentials: _credentials,
    ...shown
  } = structuredClone(user);
  return shown;
};

export const userById = (c: TenantRequestContext): UserRecord => {
  const id = c.req.param('id');
  const user = c.env.tenant.state.users.find((candidate) => candidate.user_id === id);
  if (!user) throw new ApiError(404, 'inexistent_user', 'The user does not exist.');
  return user;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Metadata key names end up as document field names, so `.` and a leading `$` are refused at any depth. */
const refuseBadKeys = (value: unknown, field: string): void => {
  if (Array.isArray(value)) for (const item of value) refuseBadKeys(item, field);
  if (!isObject(value)) return;
  for (const [key, nested] of Object.entries(value)) {
    if (key.includes('.') || key.includes('$')) {
      throw badRequest(`Payload validation error: ${field} key '${key}' may not contain '.' or '$'.`);
    }
    refuseBadKeys(nested, field);
  }
};

/** `q=email:"a@b.c"` (or `user_id:`, `name:`): the exact-match searches tools and tests use. */
const matchesQuery = (user: UserRecord, q: string | null): boolean => {
  if (!q) return true;
  const match = /^(email|user_id|name):"?([^"]*)"?$/.exec(q.trim());
  if (!match)
    throw badRequest(`Query validation error: unsupported search query ${q}`, 'invalid_query_string');
  const field = match[1] as 'email' | 'user_id' | 'name';
  return user[field] === match[2];
};

const OWN_METADATA = ['update:current_user_metadata', 'create:current_user_metadata'] as const;

export const userRoutes = new Hono<TenantEnv>()
  .get('/users', requireScope('read:users'), (c) => {
    const query = queryOf(c);
    const q = query.get('q');
    const users = c.env.tenant.state.users.filter((user) => matchesQuery(user, q));
    return pagedList(users, query, 'users', viewUser);
  })
  .get('/users/:id', requireScope('read:users', ['read:current_user']), (c) => json(viewUser(userById(c))))
  .patch('/users/:id', requireScope('update:users', OWN_METADATA), async (c) => {
    const user = userById(c);
    const body = await readJsonObject(c.req.raw);
    // A user's own token changes user_metadata only (no password, email or app_metadata).
    if (
      !c.get('scopes').has('update:users') &&
      Object.keys(body).some((field) => field !== 'user_metadata')
    ) {
      throw new ApiError(403, 'insufficient_scope', 'Insufficient scope, expected any of: update:users');
    }
    refuseFields(body, READ_ONLY);
    refuseFields(
      body,
      Object.keys(body).filter((field) => !EDITABLE.includes(field)),
    );
    for (const field of ['user_metadata', 'app_metadata'] as const) {
      const patch = body[field];
      if (patch === undefined) continue;
      if (!isObject(patch))
        throw badRequest(`Payload validation error: 'Expected type object' on property ${field}.`);
      refuseBadKeys(patch, field);
    }
    for (const field of EDITABLE_STRINGS) {
      if (field in body && typeof body[field] !== 'string') {
        throw badRequest(`Payload validation error: 'Expected type string' on property ${field}.`);
      }
    }
    if ('email_verified' in body && typeof body.email_verified !== 'boolean') {
      throw badRequest("Payload validation error: 'Expected type boolean' on property email_verified.");
    }
    if ('blocked' in body && typeof body.blocked !== 'boolean') {
      throw badRequest("Payload validation error: 'Expected type boolean' on property blocked.");
    }
    const next = structuredClone(user) as UserRecord & Record<string, unknown>;
    for (const [field, value] of Object.entries(body)) {
      if (field === 'user_metadata')
        next.user_metadata = mergeMetadata(user.user_metadata, value as Record<string, unknown>);
      else if (field === 'app_metadata')
        next.app_metadata = mergeMetadata(user.app_metadata, value as Record<string, unknown>);
      else if (field !== 'connection' && field !== 'client_id' && field !== 'verify_email') {
        next[field] = structuredClone(value);
      }
    }
    next.updated_at = c.env.tenant.nowIso();
    Object.assign(user, next);
    return json(viewUser(user));
  });
