import { createFakeTenant, type FakeTenant } from '../emulator/tenant/fake-tenant.ts';
import { serveFakeTenant, useFakeTenantInProcess } from '../emulator/tenant/transport.ts';
import { type Figure, formatFigure } from './figures.ts';

// How fast the fake tenant answers a Management API write, called directly, through msw and over
// loopback: `npm run bench -- fake-tenant`. Prints requests per second and p50/p99 latency; the floor of
// each transport is the handler called directly, in the same run.

const REQUESTS = 2000;

const managementToken = async (tenant: FakeTenant): Promise<string> => {
  const response = await tenant.handle(
    new Request(`https://${tenant.domain}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: tenant.deployClient.client_id,
        client_secret: tenant.deployClient.client_secret,
        audience: tenant.context.managementAudience,
      }),
    }),
  );
  return ((await response.json()) as { access_token: string }).access_token;
};

const measure = async (
  label: string,
  base: string,
  send: (request: Request) => Promise<Response>,
  token: string,
  clientId: string,
) => {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const sent = performance.now();
    const response = await send(
      new Request(`${base}/api/v2/clients/${clientId}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ description: `run ${i}` }),
      }),
    );
    await response.text();
    if (response.status !== 200) throw new Error(`${label}: PATCH answered ${response.status}`);
    latencies.push(performance.now() - sent);
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies[Math.floor(latencies.length * q)] ?? 0).toFixed(2);
  console.log(`${label.padEnd(10)} p50 ${at(0.5)} ms  p99 ${at(0.99)} ms`);
  return REQUESTS / seconds;
};

/** Management API throughput of the fake tenant: the handler itself, through msw, over loopback. */
export const benchFakeTenant = async (): Promise<Figure[]> => {
  const tenant = createFakeTenant({ domain: 'bench.auth0.test' });
  const token = await managementToken(tenant);
  const clientId = tenant.deployClient.client_id;
  const direct = await measure(
    'handle()',
    `https://${tenant.domain}`,
    (request) => tenant.handle(request),
    token,
    clientId,
  );
  const inProcess = useFakeTenantInProcess(tenant);
  const msw = await measure('msw', `https://${tenant.domain}`, (request) => fetch(request), token, clientId);
  inProcess.close();
  const served = await serveFakeTenant(tenant, { port: 0 });
  const loopback = await measure('loopback', served.url, (request) => fetch(request), token, clientId);
  await served.close();
  const floor = { label: 'handle() called directly', value: direct };
  const figures: Figure[] = [
    { label: 'PATCH /api/v2/clients/{id} through msw', value: msw, unit: 'requests/s', floor },
    { label: 'PATCH /api/v2/clients/{id} over loopback', value: loopback, unit: 'requests/s', floor },
  ];
  for (const figure of figures) console.log(formatFigure(figure));
  return figures;
};
