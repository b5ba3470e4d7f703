import { Session } from 'node:inspector/promises';
import { buildActions } from '../deploy/build-actions.ts';
import { createLocalTenant } from '../emulator/tenant/local-tenant.ts';
import { createSigningKeys } from '../emulator/tenant/login/grants/signing-keys.ts';
import { serveFakeTenant } from '../emulator/tenant/transport.ts';
import type { Figure } from './figures.ts';
import { startApp } from './login.ts';
import type { AppRequest } from './login-app.ts';
import { seedBenchTenant } from './login-tenant.ts';
import { PARTS, samplesByPart } from './profile-parts.ts';

// `npm run bench -- login-profile`: where the local tenant's thread spends a login, by part (HTTP,
// routing, state, event building, the vm, the Action, JSON, signing...), from V8's sampling profiler
// over the same logins `npm run bench -- login` times: sequential, then 8 concurrent clients. Shares
// of busy samples, so they hold on a loaded machine better than times do; signing's share is what the
// event loop spends handing signatures to libuv's pool, not the signing itself.

/** Steady state, as `npm run bench -- login` measures it (its WARMUP says why). */
const WARMUP = 2_000;
/** Microseconds between samples. */
const SAMPLING_INTERVAL = 100;
const RUNS: readonly [string, AppRequest][] = [
  ['sequential, 500 logins', { kind: 'logins', count: 500 }],
  ['8 concurrent clients, 800 logins', { kind: 'concurrent-logins', count: 800, clients: 8 }],
];

export const benchLoginProfile = async (log: (line: string) => void = console.log): Promise<Figure[]> => {
  await buildActions();
  const keys = await createSigningKeys();
  const tenant = await createLocalTenant({ autoLogin: true, keys });
  await seedBenchTenant(tenant);
  const served = await serveFakeTenant(tenant, { port: 0 });
  const app = await startApp(served.url);
  const session = new Session();
  session.connect();
  try {
    await app.ask({ kind: 'logins', count: WARMUP });
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL });
    for (const [label, request] of RUNS) {
      await session.post('Profiler.start');
      await app.ask(request);
      const { profile } = await session.post('Profiler.stop');
      const { counts, busy } = samplesByPart(profile);
      log(`login profile, ${label}: ${busy} busy samples of the tenant's thread`);
      for (const part of PARTS) {
        const share = (100 * (counts.get(part) ?? 0)) / Math.max(1, busy);
        log(`  ${share.toFixed(1).padStart(5)}%  ${part}`);
      }
    }
    return [];
  } finally {
    session.disconnect();
    app.stop();
    await served.close();
  }
};
