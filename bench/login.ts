import { type ChildProcess, fork } from 'node:child_process';
import { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildActions } from '../deploy/build-actions.ts';
import { createLocalTenant } from '../emulator/tenant/local-tenant.ts';
import { createSigningKeys } from '../emulator/tenant/login/grants/signing-keys.ts';
import { serveFakeTenant } from '../emulator/tenant/transport.ts';
import type { Figure } from './figures.ts';
import { formatFigure } from './figures.ts';
import { serveHttpFloor } from './http-floor.ts';
import type { AppRequest } from './login-app.ts';
import { seedBenchTenant } from './login-tenant.ts';
import { signingLoginsPerSecond, twoSignaturesMs } from './signing-floor.ts';
import { timeLimitedCallMs } from './time-limit-floor.ts';

// `npm run bench -- login`: logins and refreshes against the local tenant on loopback, made by an app
// in a process of its own (login-app.ts), each beside its floor in the same run: two RS256 signatures
// with the tenant's key.

/** The first logins after start, timed apart: what a developer's first login of the day costs. */
const COLD = 50;
/**
 * Then warm-up to steady state before the budgeted runs. After 50 logins V8 is still compiling both
 * the tenant's and the client's hot paths: measured on this machine, a login's p50 fell from 4.8-5.3 ms
 * after 50 to 2.3-3.1 ms after 3,000, and the client's bare round trips from 1.5-1.6 ms to 0.5-0.9 ms,
 * so the old warm-up timed the JIT more than the tenant.
 */
const WARMUP = 2_000;
const SEQUENTIAL = 500;
/** Sequential runs alternate with the floor in blocks this long, so load slows both alike. */
const BLOCK = 25;
const CONCURRENT_CLIENTS = 8;
const CONCURRENT_LOGINS = 800;

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** The app's process, answering one request at a time with how long each login or refresh took. */
export const startApp = async (
  url: string,
): Promise<{ ask(request: AppRequest): Promise<number[]>; stop(): void }> => {
  const app: ChildProcess = fork(fileURLToPath(new URL('./login-app.ts', import.meta.url)), [url]);
  await new Promise<void>((resolve, reject) => {
    app.once('message', () => resolve());
    app.once('error', reject);
  });
  return {
    ask: (request) =>
      new Promise((resolve, reject) => {
        app.once('message', (answer: { times?: number[]; error?: string }) =>
          answer.times ? resolve(answer.times) : reject(new Error(`login bench app: ${answer.error}`)),
        );
        app.send(request);
      }),
    stop: () => app.kill(),
  };
};

/**
 * `count` runs a block at a time, each block followed by as many signing-floor samples, as many empty
 * time-limited vm calls (time-limit-floor.ts) and as many of the same client's bare round trips
 * (http-floor.ts), so load slows all four alike.
 */
const timeAgainstFloor = async (
  count: number,
  runBlock: (size: number) => Promise<number[]>,
  floor: () => number,
  tripsBlock: (size: number) => Promise<number[]>,
) => {
  const runs: number[] = [];
  const floors: number[] = [];
  const limits: number[] = [];
  const trips: number[] = [];
  while (runs.length < count) {
    runs.push(...(await runBlock(BLOCK)));
    for (let i = 0; i < BLOCK; i += 1) floors.push(floor());
    for (let i = 0; i < BLOCK; i += 1) limits.push(timeLimitedCallMs());
    trips.push(...(await tripsBlock(BLOCK)));
  }
  for (const samples of [runs, floors, limits, trips]) samples.sort((a, b) => a - b);
  return {
    runs,
    floor: percentile(floors, 50),
    limit: percentile(limits, 50),
    trips: percentile(trips, 50),
  };
};

/** Prints login and refresh latency and login throughput of the local tenant, each against its floor. */
export const benchLogin = async (log: (line: string) => void = console.log): Promise<Figure[]> => {
  await buildActions();
  const keys = await createSigningKeys();
  const key = KeyObject.from(keys.privateKey);
  const tenant = await createLocalTenant({ autoLogin: true, keys });
  await seedBenchTenant(tenant);
  const served = await serveFakeTenant(tenant, { port: 0 });
  const app = await startApp(served.url);
  const httpFloor = await serveHttpFloor();
  try {
    const cold = (await app.ask({ kind: 'logins', count: COLD })).sort((a, b) => a - b);
    await app.ask({ kind: 'logins', count: WARMUP });
    await app.ask({ kind: 'refreshes', count: WARMUP });
    await app.ask({ kind: 'login-round-trips', count: WARMUP, url: httpFloor.url });
    await app.ask({ kind: 'refresh-round-trips', count: WARMUP, url: httpFloor.url });
    const floorLabel = '2 RS256 signatures, one thread';
    const floor = () => twoSignaturesMs(key);
    const logins = await timeAgainstFloor(
      SEQUENTIAL,
      (count) => app.ask({ kind: 'logins', count }),
      floor,
      (count) => app.ask({ kind: 'login-round-trips', count, url: httpFloor.url }),
    );
    const refreshes = await timeAgainstFloor(
      SEQUENTIAL,
      (count) => app.ask({ kind: 'refreshes', count }),
      floor,
      (count) => app.ask({ kind: 'refresh-round-trips', count, url: httpFloor.url }),
    );
    log(
      `cold: the first ${COLD} logins after start, p50 ${percentile(cold, 50).toFixed(2)} ms; then ${WARMUP} logins and refreshes of warm-up before the figures below`,
    );
    log(
      `login (authorize + code exchange: the Action runs, 2 tokens signed) p99 ${percentile(logins.runs, 99).toFixed(2)} ms; ` +
        `refresh (the Action runs, 2 tokens signed, rotation) p99 ${percentile(refreshes.runs, 99).toFixed(2)} ms`,
    );

    const floorBefore = await signingLoginsPerSecond(key);
    const started = performance.now();
    await app.ask({ kind: 'concurrent-logins', count: CONCURRENT_LOGINS, clients: CONCURRENT_CLIENTS });
    const loginsPerSecond = CONCURRENT_LOGINS / ((performance.now() - started) / 1000);
    const floorAfter = await signingLoginsPerSecond(key);

    const figures: Figure[] = [
      {
        label: `login p50, sequential (${SEQUENTIAL})`,
        value: percentile(logins.runs, 50),
        unit: 'ms',
        floor: { label: floorLabel, value: logins.floor },
        budget: 'login.sequential',
      },
      {
        label: `login p50, sequential (${SEQUENTIAL}), against signing and HTTP`,
        value: percentile(logins.runs, 50),
        unit: 'ms',
        floor: {
          label: `2 RS256 signatures + the same client's 2 round trips to a server that only answers (${logins.trips.toFixed(2)} ms)`,
          value: logins.floor + logins.trips,
        },
      },
      {
        label: `login p50, sequential (${SEQUENTIAL}), against signing, HTTP and the Action's time limit`,
        value: percentile(logins.runs, 50),
        unit: 'ms',
        floor: {
          label: `the above + one empty vm call under a timeout, the watchdog thread every handler call starts, back to back (${logins.limit.toFixed(3)} ms)`,
          value: logins.floor + logins.trips + logins.limit,
        },
      },
      {
        label: `refresh p50, sequential (${SEQUENTIAL})`,
        value: percentile(refreshes.runs, 50),
        unit: 'ms',
        floor: { label: floorLabel, value: refreshes.floor },
      },
      {
        label: `refresh p50, sequential (${SEQUENTIAL}), against signing and HTTP`,
        value: percentile(refreshes.runs, 50),
        unit: 'ms',
        floor: {
          label: `2 RS256 signatures + the same client's round trip to a server that only answers (${refreshes.trips.toFixed(2)} ms)`,
          value: refreshes.floor + refreshes.trips,
        },
      },
      {
        label: `logins/s, ${CONCURRENT_CLIENTS} concurrent clients (${CONCURRENT_LOGINS})`,
        value: loginsPerSecond,
        unit: 'logins/s',
        floor: {
          label: `RS256 signing alone on ${availableParallelism()} cores, 2 a login`,
          value: (floorBefore + floorAfter) / 2,
        },
        budget: 'login.concurrent',
      },
    ];
    for (const figure of figures) log(formatFigure(figure));
    return figures;
  } finally {
    app.stop();
    await Promise.all([served.close(), httpFloor.close()]);
  }
};
