import { createManagementApi, type ManagementConnection } from '../deploy/management-api.ts';
import { AuditError } from './errors.ts';

// Starts an Auth0 users export job, waits for it, and opens the file it wrote as a stream. Sources:
// Auth0 docs "Bulk User Exports" (https://auth0.com/docs/manage-users/user-migration/bulk-user-exports):
// JSON format is NDJSON, whole metadata objects come from naming the root field, the job is polled
// with GET /api/v2/jobs/{id}, and its `location` link works for 60 s.

/** What the audit reads of each user: the profile fields the Action's event carries, and both metadata. */
export const EXPORT_FIELDS = [
  'user_id',
  'email',
  'email_verified',
  'name',
  'nickname',
  'created_at',
  'updated_at',
  'user_metadata',
  'app_metadata',
] as const;

const POLL_INTERVAL_MS = 1_000;
/** Waits on the global `setTimeout`, which a test's fake clock drives (Node's `timers/promises` it does not). */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Auth0 exports run for minutes on big tenants; an hour without completing means something is wrong. */
const JOB_TIMEOUT_MS = 3_600_000;

export interface ExportJobStatus {
  readonly id: string;
  readonly status: string;
  readonly percentage_done?: number;
  readonly time_left_seconds?: number;
  readonly location?: string;
}

export interface ExportJobOptions {
  readonly connection: ManagementConnection;
  /** Only this connection's users (`con_...`); all users by default. */
  readonly connectionId?: string;
  readonly pollIntervalMs?: number;
  readonly onStatus?: (status: ExportJobStatus) => void;
}

/**
 * Runs a users export job (the client needs `read:users`) and returns its file as a byte stream,
 * gzipped as Auth0 writes it. Progress goes to `onStatus` after every poll.
 */
export const streamUsersExport = async (options: ExportJobOptions): Promise<AsyncIterable<Uint8Array>> => {
  // The deploy commands' client: it retries rate limits (a poll a second for minutes meets them on a
  // busy tenant), 5xx and dropped connections, and bounds each request.
  const api = createManagementApi(options.connection);
  let job: ExportJobStatus = await api.startJob('/jobs/users-exports', {
    format: 'json',
    fields: EXPORT_FIELDS.map((name) => ({ name })),
    ...(options.connectionId ? { connection_id: options.connectionId } : {}),
  });
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  options.onStatus?.(job);
  while (job.status !== 'completed') {
    if (job.status === 'failed')
      throw new AuditError('E_EXPORT_JOB', `the users export job ${job.id} failed; see the tenant's logs`);
    if (Date.now() > deadline)
      throw new AuditError('E_EXPORT_JOB', `the users export job ${job.id} did not complete within an hour`);
    await sleep(options.pollIntervalMs ?? POLL_INTERVAL_MS);
    job = await api.get(`/jobs/${encodeURIComponent(job.id)}`);
    options.onStatus?.(job);
  }
  if (!job.location)
    throw new AuditError('E_EXPORT_JOB', `the users export job ${job.id} completed without a location`);
  // The link is good for 60 s: open it at once; the body then streams for as long as it takes.
  const file = await fetch(job.location);
  if (!file.ok || !file.body)
    throw new AuditError('E_EXPORT_JOB', `downloading the export of job ${job.id} answered ${file.status}`);
  return file.body as AsyncIterable<Uint8Array>;
};
