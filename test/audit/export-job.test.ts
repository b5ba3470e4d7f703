import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXPORT_FIELDS, type ExportJobStatus, streamUsersExport } from '../../audit/export-job.ts';
import { createFakeTenant, type FakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import { useFakeTenantInProcess } from '../../emulator/tenant/transport.ts';
import { callApi, managementToken } from '../emulator/tenant/call.ts';
import { settle, useFakeClock } from '../support/fake-clock.ts';

// The users export job, as the audit's --env drives it, against the fake tenant's implementation.

const closers: Array<() => void> = [];
afterEach(() => {
  vi.useRealTimers();
  for (const close of closers.splice(0)) close();
});

const tenantWithUsers = () => {
  let now = Date.UTC(2026, 11, 1);
  const tenant = createFakeTenant({ clock: () => now });
  tenant.seedUsers([
    {
      email: 'ada@example.com',
      user_metadata: { preferences: { theme: 'dark' } },
      app_metadata: { plan: 'pro' },
    },
    { email: 'grace@example.com', password: 'not exported', app_metadata: { roles: ['admin'] } },
  ]);
  return { tenant, advance: (ms: number) => (now += ms) };
};

/** The export job as the audit's --env starts it: with the deploy client's credentials. */
const deployConnection = (tenant: FakeTenant) => ({
  domain: tenant.domain,
  clientId: tenant.deployClient.client_id,
  clientSecret: tenant.deployClient.client_secret,
});

const collect = async (stream: AsyncIterable<Uint8Array>) => {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
};

describe('users export job', () => {
  it('runs through pending and processing to a gzipped NDJSON file of the requested fields', async () => {
    const { tenant, advance } = tenantWithUsers();
    closers.push(useFakeTenantInProcess(tenant).close);
    const statuses: ExportJobStatus[] = [];
    const stream = await streamUsersExport({
      connection: deployConnection(tenant),
      pollIntervalMs: 1,
      onStatus: (status) => {
        statuses.push(status);
        advance(150);
      },
    });
    const lines = gunzipSync(await collect(stream))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((user) => Object.keys(user))).toEqual(lines.map(() => [...EXPORT_FIELDS]));
    expect(lines.map((user) => [user.email, user.user_metadata, user.app_metadata])).toEqual(
      tenant.state.users.map((user) => [user.email, user.user_metadata, user.app_metadata]),
    );
    expect(JSON.stringify(lines)).not.toContain('not exported');
    expect(statuses.map((status) => status.status)).toEqual(
      expect.arrayContaining(['pending', 'processing', 'completed']),
    );
    expect(statuses.find((status) => status.status === 'processing')?.percentage_done).toBeGreaterThanOrEqual(
      0,
    );
  });

  it('polls the job once a second until it completes', async () => {
    useFakeClock();
    const tenant = createFakeTenant({ clock: () => Date.now() });
    tenant.seedUsers([{ email: 'ada@example.com' }]);
    closers.push(useFakeTenantInProcess(tenant).close);
    const polls: Array<[number, string]> = [];
    const started = Date.now();
    await settle(
      streamUsersExport({
        connection: deployConnection(tenant),
        onStatus: (status) => polls.push([Date.now() - started, status.status]),
      }),
    );
    // The fake tenant takes 400 ms to export: the first poll, a second after the start, finds it done.
    expect(polls).toEqual([
      [0, 'pending'],
      [1_000, 'completed'],
    ]);
  });

  it('gives up on a job that has not completed after an hour', async () => {
    useFakeClock();
    // A tenant whose clock stands still: its job stays pending.
    const stuck = createFakeTenant({ clock: () => Date.UTC(2026, 11, 1) });
    closers.push(useFakeTenantInProcess(stuck).close);
    const statuses: string[] = [];
    const since = Date.now();
    await expect(
      settle(
        streamUsersExport({
          connection: deployConnection(stuck),
          pollIntervalMs: 60_000,
          onStatus: (status) => statuses.push(status.status),
        }),
      ),
    ).rejects.toThrow(/^E_EXPORT_JOB: the users export job job_\w+ did not complete within an hour$/);
    expect(Date.now() - since).toBe(3_660_000);
    expect(statuses).toEqual(Array.from({ length: 62 }, () => 'pending'));
  });

  it('rides out rate limits and a transient 5xx while it starts and polls the job, as on a busy tenant', async () => {
    let now = Date.UTC(2026, 11, 1);
    const tenant = createFakeTenant({
      clock: () => now,
      faults: [
        {
          kind: 'rate-limit',
          match: { method: 'POST', path: '/api/v2/jobs/users-exports' },
          resetSeconds: 0,
        },
        {
          kind: 'rate-limit',
          match: { method: 'GET', path: '/api/v2/jobs/' },
          after: 1,
          times: 2,
          resetSeconds: 0,
        },
        { kind: 'server-error', match: { method: 'GET', path: '/api/v2/jobs/' }, after: 4, status: 503 },
      ],
    });
    tenant.seedUsers([{ email: 'ada@example.com', user_metadata: { preferences: { theme: 'dark' } } }]);
    closers.push(useFakeTenantInProcess(tenant).close);
    const stream = await streamUsersExport({
      connection: deployConnection(tenant),
      pollIntervalMs: 1,
      onStatus: () => {
        now += 150;
      },
    });
    const users = gunzipSync(await collect(stream))
      .toString('utf8')
      .trim()
      .split('\n');
    expect(users.map((line) => JSON.parse(line).email)).toEqual(['ada@example.com']);
    const jobCalls = tenant.requests.filter((request) => request.path.startsWith('/api/v2/jobs'));
    expect(jobCalls.map((request) => request.status)).toEqual(expect.arrayContaining([429, 503, 200, 201]));
  });

  it('renames fields with export_as, honours limit, and lets a download link work for 60 s only', async () => {
    const { tenant, advance } = tenantWithUsers();
    const token = await managementToken(tenant);
    const created = await callApi(tenant, token, 'POST', '/jobs/users-exports', {
      format: 'json',
      limit: 1,
      fields: [{ name: 'email' }, { name: 'identities[0].connection', export_as: 'provider' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'users_export', status: 'pending', format: 'json', limit: 1 });
    advance(10_000);
    const done = await callApi(tenant, token, 'GET', `/jobs/${created.body.id}`);
    expect(done.body.status).toBe('completed');
    const download = () => tenant.handle(new Request(done.body.location));
    const file = gunzipSync(Buffer.from(await (await download()).arrayBuffer())).toString('utf8');
    expect(file).toBe(
      `${JSON.stringify({ email: 'ada@example.com', provider: 'Username-Password-Authentication' })}\n`,
    );
    advance(60_001);
    expect((await download()).status).toBe(403);
  });

  it('Auth0 writes a CSV export: a header of the field names, strings escaped against CSV injection, objects blank', async () => {
    const { tenant, advance } = tenantWithUsers();
    tenant.seedUsers([
      { email: 'quote@example.com', name: 'Say "hi", =1+1', user_metadata: { preferences: { beta: true } } },
    ]);
    const token = await managementToken(tenant);
    const created = await callApi(tenant, token, 'POST', '/jobs/users-exports', {
      format: 'csv',
      fields: [
        { name: 'email' },
        { name: 'name' },
        { name: 'created_at' },
        { name: 'user_metadata.preferences.theme', export_as: 'theme' },
        { name: 'user_metadata.preferences.beta', export_as: 'beta' },
        { name: 'user_metadata' },
        { name: 'app_metadata.roles[0]', export_as: 'first role' },
      ],
    });
    expect(created.body).toMatchObject({ format: 'csv' });
    advance(10_000);
    const done = await callApi(tenant, token, 'GET', `/jobs/${created.body.id}`);
    expect(done.body.location).toMatch(/\.csv\.gz$/);
    const response = await tenant.handle(new Request(done.body.location));
    const rows = gunzipSync(Buffer.from(await response.arrayBuffer()))
      .toString('utf8')
      .split('\n');
    const [ada, grace, quote] = tenant.state.users;
    expect(rows).toEqual([
      'email,name,created_at,theme,beta,user_metadata,first role',
      `"'ada@example.com","'${ada?.name}",${ada?.created_at},"'dark",,,`,
      `"'grace@example.com","'${grace?.name}",${grace?.created_at},,,,"'admin"`,
      `"'quote@example.com","'Say ""hi"", =1+1",${quote?.created_at},,true,,`,
      '',
    ]);
  });

  it('refuses unknown formats, unknown connections and unknown jobs in the API error shape', async () => {
    const { tenant } = tenantWithUsers();
    const token = await managementToken(tenant);
    expect((await callApi(tenant, token, 'POST', '/jobs/users-exports', { format: 'xml' })).status).toBe(400);
    expect(
      (await callApi(tenant, token, 'POST', '/jobs/users-exports', { connection_id: 'con_nope' })).body
        .errorCode,
    ).toBe('inexistent_connection');
    expect((await callApi(tenant, token, 'GET', '/jobs/job_missing')).status).toBe(404);
  });
});
