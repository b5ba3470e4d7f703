import { randomBytes } from 'node:crypto';
import { buildActions } from '../deploy/build-actions.ts';
import { createLocalTenant } from '../emulator/tenant/local-tenant.ts';
import { s256Challenge } from '../emulator/tenant/login/grants/pkce.ts';
import { serveFakeTenant } from '../emulator/tenant/transport.ts';
import { API, CALLBACK, CLIENT_ID, seedBenchTenant } from './login-tenant.ts';

// `npm run bench` (login part): a full login (authorize, which runs the post-login Action, then the
// code exchange, which signs both tokens) and a refresh (the Action again, then signing) against the
// local tenant on loopback, as an app would make them.

const WARMUP = 50;
const SEQUENTIAL = 500;
const CONCURRENT_WORKERS = 8;
const CONCURRENT_LOGINS = 800;

/** One login: `/authorize` (autoLogin, the Action runs) then the code exchange. Returns the refresh token. */
const login = async (baseUrl: string): Promise<string> => {
  const verifier = randomBytes(32).toString('base64url');
  const authorize = new URL('/authorize', baseUrl);
  authorize.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: CALLBACK,
    response_type: 'code',
    scope: 'openid profile email offline_access read:preferences',
    audience: API,
    state: 's',
    nonce: 'n',
    code_challenge: s256Challenge(verifier),
    code_challenge_method: 'S256',
    login_hint: 'ada@example.com',
  }).toString();
  const redirect = await fetch(authorize, { redirect: 'manual' });
  await redirect.arrayBuffer();
  const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code');
  if (!code) throw new Error(`login refused: ${redirect.headers.get('location')}`);
  const exchange = await fetch(new URL('/oauth/token', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      code,
      code_verifier: verifier,
      redirect_uri: CALLBACK,
    }),
  });
  const body = (await exchange.json()) as { refresh_token?: string };
  if (!exchange.ok || !body.refresh_token) throw new Error(`code exchange refused: ${JSON.stringify(body)}`);
  return body.refresh_token;
};

const refresh = async (baseUrl: string, refreshToken: string): Promise<string> => {
  const response = await fetch(new URL('/oauth/token', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: CLIENT_ID,
      refresh_token: refreshToken,
    }),
  });
  const body = (await response.json()) as { refresh_token?: string };
  if (!response.ok || !body.refresh_token) throw new Error(`refresh refused: ${JSON.stringify(body)}`);
  return body.refresh_token;
};

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

const timeEach = async (count: number, run: () => Promise<unknown>): Promise<number[]> => {
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
};

const describe = (label: string, sorted: readonly number[]) =>
  `${label}: p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms (${sorted.length} runs)`;

/** Prints login and refresh latency and throughput of the local tenant on loopback. */
export const benchLogin = async (log: (line: string) => void = console.log): Promise<void> => {
  await buildActions();
  const tenant = await createLocalTenant({ autoLogin: true });
  await seedBenchTenant(tenant);
  const served = await serveFakeTenant(tenant, { port: 0 });
  try {
    for (let i = 0; i < WARMUP; i += 1) await refresh(served.url, await login(served.url));
    log(
      describe(
        'login (authorize + code exchange, Action run, 2 tokens signed), sequential',
        await timeEach(SEQUENTIAL, () => login(served.url)),
      ),
    );
    let token = await login(served.url);
    log(
      describe(
        'refresh (Action run, 2 tokens signed, rotation), sequential',
        await timeEach(SEQUENTIAL, async () => {
          token = await refresh(served.url, token);
        }),
      ),
    );
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENT_WORKERS }, async () => {
        while (next < CONCURRENT_LOGINS) {
          next += 1;
          await login(served.url);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    log(
      `logins per second with ${CONCURRENT_WORKERS} concurrent clients: ${(CONCURRENT_LOGINS / seconds).toFixed(0)} (${CONCURRENT_LOGINS} logins in ${seconds.toFixed(2)} s)`,
    );
  } finally {
    await served.close();
  }
};
