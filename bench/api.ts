import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import type { PreferencesApiConfig } from '../api/config.ts';
import { createManagementClient } from '../api/management-client.ts';
import { createPreferencesApi, PREFERENCES_ROUTE } from '../api/preferences-api.ts';
import type { RequestLogEntry } from '../api/request-log.ts';
import { PREFERENCES_SCOPES } from '../api/scopes.ts';
import { createFakeTenant } from '../emulator/tenant/fake-tenant.ts';
import { serveFakeTenant } from '../emulator/tenant/transport.ts';
import { runMain } from '../scripts/lib/run-main.ts';
import { timeManagementCalls } from './timed-management-client.ts';

export interface ApiBenchOptions {
  /** Sequential PATCHes, for latency and our own overhead. */
  readonly sequential?: number;
  /** PATCHes sent `concurrency` at a time, each user by one worker, for throughput. */
  readonly concurrent?: number;
  readonly concurrency?: number;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

const summary = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms`;
};

const LANGUAGES = ['en-GB', 'fr-CA', 'de-DE', 'es-ES', 'ja-JP'];

/**
 * Serves the preferences API and the local tenant each on a loopback port, then measures PATCH
 * latency and throughput over real HTTP, and our own cost per request: the API's own duration minus
 * the time it spent waiting on the Management API.
 */
export const benchApi = async (
  log: (line: string) => void = console.log,
  options: ApiBenchOptions = {},
): Promise<void> => {
  const sequential = options.sequential ?? 500;
  const concurrent = options.concurrent ?? 2000;
  const concurrency = options.concurrency ?? 16;

  const tenant = createFakeTenant();
  const users = tenant.seedUsers(
    Array.from({ length: concurrency }, (_, i) => ({
      email: `bench-${i}@example.test`,
      user_metadata: { preferences: { language: 'en-GB' } },
    })),
  );
  const servedTenant = await serveFakeTenant(tenant);

  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256' }] });
  const config: PreferencesApiConfig = {
    issuer: `${servedTenant.url}/`,
    jwksUrl: `${servedTenant.url}/.well-known/jwks.json`,
    tenantBaseUrl: servedTenant.url,
    managementAudience: `https://${tenant.domain}/api/v2/`,
    audience: 'https://api.bench.test/preferences',
    clientId: tenant.deployClient.client_id,
    clientSecret: tenant.deployClient.client_secret ?? '',
    port: 0,
    allowedOrigins: [],
  };
  const management = timeManagementCalls(
    createManagementClient({ ...config, audience: config.managementAudience }),
  );
  const logs: RequestLogEntry[] = [];
  const app = createPreferencesApi(config, {
    keys,
    management,
    log: (entry) => logs.push(entry),
    rateLimit: { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 },
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PREFERENCES_ROUTE}`;

  const tokens = await Promise.all(
    users.map((user) =>
      new SignJWT({ scope: `${PREFERENCES_SCOPES.read} ${PREFERENCES_SCOPES.update}` })
        .setProtectedHeader({ alg: 'RS256', kid: 'bench' })
        .setIssuer(config.issuer)
        .setAudience(config.audience)
        .setSubject(user.user_id)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey),
    ),
  );
  const patch = async (worker: number, n: number): Promise<number> => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${tokens[worker]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ preferences: { language: LANGUAGES[n % LANGUAGES.length] } }),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`bench: PATCH answered ${response.status}`);
    return performance.now() - started;
  };

  try {
    // Warm up: JIT, keep-alive sockets, the Management API token.
    for (let n = 0; n < 50; n += 1) await patch(0, n);
    logs.length = 0;

    const latencies: number[] = [];
    const overheads: number[] = [];
    for (let n = 0; n < sequential; n += 1) {
      const waitedBefore = management.elapsedMs;
      latencies.push(await patch(0, n));
      const entry = logs.at(-1);
      if (entry) overheads.push(entry.duration_ms - (management.elapsedMs - waitedBefore));
    }

    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, worker) => {
        while (next < concurrent) await patch(worker, next++);
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    log(
      `preferences API: PATCH ${PREFERENCES_ROUTE} over loopback HTTP, the fake tenant on its own loopback port`,
    );
    log('  (each PATCH reads and writes the user: 2 Management API calls; all in one Node process)');
    log(`  latency, ${sequential} sequential requests: ${summary(latencies)}`);
    log(
      `  throughput, ${concurrent} requests, ${concurrency} users in parallel: ${(concurrent / seconds).toFixed(0)} req/s`,
    );
    log(`  our own overhead per request (excluding the Management API calls): ${summary(overheads)}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await servedTenant.close();
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runMain(async () => {
    await benchApi();
    return 0;
  });
}
