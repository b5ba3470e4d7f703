import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { ApiError, badRequest, json, readJsonObject } from '../http.ts';
import type { TenantState, UserRecord } from '../state.ts';
import type { TenantContext } from '../tenant-context.ts';
import type { TenantEnv } from '../tenant-env.ts';
import type { UsersExportJobResponse } from './response-types.ts';
import { requireScope } from './scopes.ts';
import { usersExportCsv } from './users-export-csv.ts';

// `POST /api/v2/jobs/users-exports` and `GET /api/v2/jobs/:id`: Auth0's bulk user export. The job
// snapshots the users when created, reports `pending`, then `processing` with `percentage_done`, then
// `completed` with a `location` to download a gzipped file from: NDJSON, one user a line with the
// requested fields, or CSV (users-export-csv.ts). Each completed GET mints a fresh link for 60 s.
// Source: Auth0 docs, "Bulk User Exports" (https://auth0.com/docs/manage-users/user-migration/bulk-user-exports)
// and "Create export users job" (https://auth0.com/docs/api/management/v2/jobs/post-users-exports).

/** How long the local tenant "works" on an export, so a client sees it progress. */
const MIN_EXPORT_MS = 400;
const EXPORT_MS_PER_USER = 0.05;
const LINK_LIFETIME_MS = 60_000;
/** Auth0 caps fields at 30 in CSV; JSON takes whole objects, so 30 is plenty for any request. */
const MAX_FIELDS = 30;
const DEFAULT_FIELDS = ['user_id', 'email', 'email_verified', 'name', 'created_at', 'updated_at'];

type ExportFormat = 'json' | 'csv';

interface ExportField {
  name: string;
  export_as?: string;
}

interface ExportJob {
  id: string;
  created_at: string;
  startedAt: number;
  doneAt: number;
  request: {
    connection_id?: string;
    connection?: string;
    format: ExportFormat;
    limit?: number;
    fields: ExportField[];
  };
  file: Buffer;
  /** Download tokens and when each stops working. */
  links: Map<string, number>;
}

const jobsByTenant = new WeakMap<TenantState, Map<string, ExportJob>>();
const jobsOf = (state: TenantState): Map<string, ExportJob> => {
  let jobs = jobsByTenant.get(state);
  if (!jobs) {
    jobs = new Map();
    jobsByTenant.set(state, jobs);
  }
  return jobs;
};

/** `user_metadata.country`, `identities[0].connection`: a dotted path with array indexes. */
const valueAt = (user: UserRecord, name: string): unknown => {
  let value: unknown = user;
  for (const part of name.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
};

const readFields = (raw: unknown): ExportField[] => {
  if (raw === undefined) return DEFAULT_FIELDS.map((name) => ({ name }));
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_FIELDS)
    throw badRequest(`Payload validation error: 'fields' must be an array of 1 to ${MAX_FIELDS} items.`);
  return raw.map((field) => {
    const { name, export_as } = (field ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name === '' || (export_as !== undefined && typeof export_as !== 'string'))
      throw badRequest(
        `Payload validation error: each field needs a string 'name' (and an optional string 'export_as').`,
      );
    return { name, ...(typeof export_as === 'string' ? { export_as } : {}) };
  });
};

const usersExportNdjson = (fields: readonly ExportField[], users: readonly UserRecord[]): string =>
  users
    .map(
      (user) =>
        `${JSON.stringify(
          Object.fromEntries(
            fields.map((field) => [field.export_as ?? field.name, valueAt(user, field.name)]),
          ),
        )}\n`,
    )
    .join('');

const createJob = async (tenant: TenantContext, request: Request): Promise<ExportJob> => {
  const body = await readJsonObject(request);
  const format = body.format ?? 'json';
  if (format !== 'json' && format !== 'csv')
    throw badRequest(`Payload validation error: 'format' must be 'json' or 'csv', not '${String(format)}'.`);
  const limit = body.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || (limit as number) < 1))
    throw badRequest(`Payload validation error: 'limit' must be an integer of at least 1.`);
  let connection: string | undefined;
  if (body.connection_id !== undefined) {
    connection = tenant.state.connections.find((candidate) => candidate.id === body.connection_id)?.name;
    if (!connection)
      throw badRequest(
        `The connection ${String(body.connection_id)} does not exist.`,
        'inexistent_connection',
      );
  }
  const fields = readFields(body.fields);
  const users = tenant.state.users
    .filter((user) => connection === undefined || user.identities[0]?.connection === connection)
    .slice(0, (limit as number | undefined) ?? undefined);
  const text = format === 'csv' ? usersExportCsv(fields, users, valueAt) : usersExportNdjson(fields, users);
  const now = tenant.now();
  return {
    id: `job_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16)}`,
    created_at: tenant.nowIso(),
    startedAt: now,
    doneAt: now + Math.max(MIN_EXPORT_MS, users.length * EXPORT_MS_PER_USER),
    request: {
      ...(typeof body.connection_id === 'string' ? { connection_id: body.connection_id, connection } : {}),
      format,
      ...(typeof limit === 'number' ? { limit } : {}),
      fields,
    },
    file: gzipSync(text),
    links: new Map(),
  };
};

const viewJob = (tenant: TenantContext, job: ExportJob): UsersExportJobResponse => {
  const base = { type: 'users_export', id: job.id, created_at: job.created_at, ...job.request };
  const now = tenant.now();
  if (now < job.startedAt + MIN_EXPORT_MS / 4) return { ...base, status: 'pending' };
  if (now < job.doneAt) {
    const share = (now - job.startedAt) / (job.doneAt - job.startedAt);
    return {
      ...base,
      status: 'processing',
      percentage_done: Math.floor(100 * share),
      time_left_seconds: Math.ceil((job.doneAt - now) / 1000),
    };
  }
  const token = randomBytes(16).toString('hex');
  job.links.set(token, now + LINK_LIFETIME_MS);
  const file = `${tenant.state.settings.friendly_name ?? 'tenant'}.${job.request.format}.gz`;
  return {
    ...base,
    status: 'completed',
    location: new URL(`exports/${job.id}/${token}/${encodeURIComponent(file)}`, tenant.issuer).href,
  };
};

/** Mounted under `/api/v2`. */
export const usersExportRoutes = new Hono<TenantEnv>()
  .post('/jobs/users-exports', requireScope('read:users'), async (c) => {
    const { tenant } = c.env;
    const job = await createJob(tenant, c.req.raw);
    jobsOf(tenant.state).set(job.id, job);
    return json(viewJob(tenant, job), 201);
  })
  .get('/jobs/:id', requireScope('read:users'), (c) => {
    const { tenant } = c.env;
    const job = jobsOf(tenant.state).get(c.req.param('id'));
    if (!job) throw new ApiError(404, 'inexistent_job', 'The job does not exist.');
    return json(viewJob(tenant, job));
  });

/**
 * Mounted under `/exports`: the file's own address, like the signed storage URL Auth0 hands out, so
 * it takes no bearer token.
 */
export const exportDownloadRoutes = new Hono<TenantEnv>().get('/:id/:token/:file', (c) => {
  const { tenant } = c.env;
  const job = jobsOf(tenant.state).get(c.req.param('id'));
  const expires = job?.links.get(c.req.param('token'));
  if (!job || expires === undefined || tenant.now() > expires)
    return new Response('the export link has expired or does not exist', { status: 403 });
  return new Response(new Uint8Array(job.file), {
    headers: { 'content-type': 'application/gzip', 'content-length': String(job.file.length) },
  });
});
