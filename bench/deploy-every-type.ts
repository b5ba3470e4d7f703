import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import { deployTenant, planTenant } from '../deploy/deploy-tenant.ts';
import { createFakeTenant } from '../emulator/tenant/fake-tenant.ts';
import type { Figure } from './figures.ts';
import { inProcessTenant } from './in-process-tenant.ts';

/** The toolkit's fixture that declares every type plan manages (test/fixtures/README.md). */
const EVERY_TYPE = path.join(REPO_ROOT, 'test', 'fixtures', 'deploy-types');
/** Stand-ins for the secrets its environment file maps (no real secret is involved). */
const SECRETS = {
  FIXTURE_GOOGLE_CLIENT_SECRET: 'bench-google-secret',
  FIXTURE_SENDGRID_API_KEY: 'bench-sendgrid-key',
  FIXTURE_LOG_STREAM_TOKEN: 'bench-log-token',
  FIXTURE_TWILIO_AUTH_TOKEN: 'bench-twilio-token',
  FIXTURE_EVENTS_TOKEN: 'bench-events-token',
};

interface Measured {
  readonly ms: number;
  readonly requests: number;
  readonly writes: number;
}

/**
 * On a fake tenant that already holds every type of the fixture (one deploy first): a no-op plan and
 * a one-field change (one more SPA callback), with the requests the tenant answered and the writes.
 */
export const benchEveryType = async (log: (line: string) => void): Promise<Figure[]> => {
  const tenant = createFakeTenant({ domain: 'deploy-types.auth0.test' });
  const server = inProcessTenant(tenant);
  const { connection } = server;
  try {
    const options = {
      env: 'fixture',
      connection,
      tenantDir: EVERY_TYPE,
      secretSource: SECRETS,
      build: false,
      quietImport: true,
      allowDelete: true,
    } as const;
    log('bench: every type: the first deploy of the fixture that declares them...');
    await deployTenant(options);
    const measure = async (run: () => Promise<unknown>): Promise<Measured> => {
      // As the main deploy bench does: deploy-cli's heap from the run before is not this run's cost.
      (globalThis as { gc?: () => void }).gc?.();
      const start = tenant.requests.length;
      const started = performance.now();
      await run();
      const answered = tenant.requests.slice(start);
      const writes = answered.filter((entry) => entry.method !== 'GET' && entry.path !== '/oauth/token');
      return { ms: performance.now() - started, requests: answered.length, writes: writes.length };
    };
    const noopPlan = await measure(() => planTenant(options));
    const dir = path.join(await mkdtemp(path.join(tmpdir(), 'bench-every-type-')), 'tenant');
    await cp(EVERY_TYPE, dir, { recursive: true });
    const mappingFile = path.join(dir, 'environments', 'fixture.json');
    const mapping = JSON.parse(await readFile(mappingFile, 'utf8')) as {
      values: { SPA_CALLBACKS: string[] };
    };
    mapping.values.SPA_CALLBACKS.push('https://app.fixture.example/one-more');
    await writeFile(mappingFile, JSON.stringify(mapping));
    const oneField = await measure(() => deployTenant({ ...options, tenantDir: dir }));
    for (const [label, figures] of [
      ['every type: no-op plan', noopPlan],
      ['every type: one-callback deploy', oneField],
    ] as const) {
      log(`${label}: ${figures.requests} requests, ${figures.writes} writes, ${Math.round(figures.ms)} ms`);
    }
    return [
      { label: 'every type: no-op plan', value: noopPlan.ms, unit: 'ms' },
      { label: 'every type: one-callback deploy', value: oneField.ms, unit: 'ms' },
    ];
  } finally {
    server.close();
  }
};
