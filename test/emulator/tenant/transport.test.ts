import { connect } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeTenant, type FakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { serveFakeTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { managementToken } from './call.ts';

const tokenThenClients = async (tenant: FakeTenant, base: string) => {
  const tokenResponse = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: tenant.deployClient.client_id,
      client_secret: tenant.deployClient.client_secret,
      audience: `https://${tenant.domain}/api/v2/`,
    }),
  });
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  return fetch(`${base}/api/v2/clients?include_totals=true`, {
    headers: { authorization: `Bearer ${access_token}` },
  });
};

/** Sends `head` then, after `pause` ms, `body` on one socket, and returns the whole answer's text. */
const rawExchange = (url: string, head: string, body: string, pause: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname, () => {
      if (pause === 0) socket.write(head + body);
      else {
        socket.write(head);
        setTimeout(() => socket.write(body), pause);
      }
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });

// Each tenant has a domain of its own: the workers run many files one after another, and a tenant
// made without one answers at the default domain, which a request another file left behind may name.
describe('transports', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('answers the global fetch in-process and refuses other hosts', async () => {
    const tenant = createFakeTenant({ domain: 'in-process.auth0.test' });
    const transport = useFakeTenantInProcess(tenant);
    cleanups.push(() => transport.close());
    const response = await tokenThenClients(tenant, 'https://in-process.auth0.test');
    expect(response.status).toBe(200);
    expect(((await response.json()) as { total: number }).total).toBe(2);
    // msw reports the refusal on stderr as well; keep the test output for real failures.
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(fetch('https://elsewhere.example.com/')).rejects.toThrow();
    expect(stderr.mock.calls.flat().join(' ')).toContain('elsewhere.example.com');
    stderr.mockRestore();
  });

  it('turns a dropped connection into a failed fetch in-process', async () => {
    const tenant = createFakeTenant({
      domain: 'dropping.auth0.test',
      faults: [{ kind: 'drop-connection', match: { path: '/api/v2/' } }],
    });
    const transport = useFakeTenantInProcess(tenant);
    cleanups.push(() => transport.close());
    await expect(tokenThenClients(tenant, `https://${tenant.domain}`)).rejects.toThrow(TypeError);
  });

  it('reads a form body on loopback whether it comes with its headers, after them, or chunked', async () => {
    const tenant = createFakeTenant({ domain: 'bodies.auth0.test' });
    const served = await serveFakeTenant(tenant, { port: 0 });
    cleanups.push(() => served.close());
    const form = 'grant_type=urn%3Aexample%3Anot-a-grant&client_id=x';
    const head = (framing: string) =>
      `POST /oauth/token HTTP/1.1\r\nhost: ${new URL(served.url).host}\r\nconnection: close\r\n` +
      `content-type: application/x-www-form-urlencoded\r\n${framing}\r\n`;
    const sized = head(`content-length: ${form.length}\r\n`);
    const chunked = head('transfer-encoding: chunked\r\n');
    const chunks = `${form.length.toString(16)}\r\n${form}\r\n0\r\n\r\n`;
    const answers = await Promise.all([
      rawExchange(served.url, sized, form, 0),
      rawExchange(served.url, sized, form, 30),
      rawExchange(served.url, chunked, chunks, 0),
      rawExchange(served.url, chunked, chunks, 30),
    ]);
    for (const answer of answers) {
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('Unsupported grant type: urn:example:not-a-grant');
    }
  });

  it('serves the same handler on loopback, and resets the socket on a dropped connection', async () => {
    const tenant = createFakeTenant({ domain: 'loopback.auth0.test' });
    const served = await serveFakeTenant(tenant, { port: 0 });
    cleanups.push(() => served.close());
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await tokenThenClients(tenant, served.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit')).not.toBeNull();
    tenant.faults.add({ kind: 'drop-connection', match: { path: '/api/v2/clients' } });
    await expect(tokenThenClients(tenant, served.url)).rejects.toThrow();
    expect(tenant.requests.at(-1)).toMatchObject({ path: '/api/v2/clients', status: 0 });
  });

  it('serves answers with their CORS headers, refusals included, and answers preflights on loopback', async () => {
    const tenant = createFakeTenant({ domain: 'cors.auth0.test' });
    const app = 'https://app.cors.test';
    tenant.state.clients.push({ ...tenant.deployClient, client_id: 'spa', web_origins: [app] });
    const served = await serveFakeTenant(tenant, { port: 0 });
    cleanups.push(() => served.close());
    const call = (origin: string, body: Record<string, string>) =>
      fetch(`${served.url}/oauth/token`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
    const refused = await call(app, { grant_type: 'password' });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe(app);
    expect(refused.headers.get('vary')).toBe('Origin');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const foreign = await call('https://evil.example', { grant_type: 'password' });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('vary')).toBe('Origin');
    const preflight = await fetch(`${served.url}/oauth/token`, {
      method: 'OPTIONS',
      headers: { origin: app, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': app,
      'access-control-allow-methods': 'GET,POST,OPTIONS',
      'access-control-allow-headers': 'Content-Type,Authorization,Auth0-Client',
      'access-control-max-age': '86400',
      vary: 'Origin, Access-Control-Request-Headers',
    });
  });

  it('fails fast on a bug in the fake: the fetch fails and the log shows a 500', async () => {
    const tenant = createFakeTenant({ domain: 'buggy.auth0.test' });
    const token = await managementToken(tenant);
    Object.defineProperty(tenant.state, 'clients', {
      get: () => {
        throw new Error('bug');
      },
    });
    const transport = useFakeTenantInProcess(tenant);
    cleanups.push(() => transport.close());
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    cleanups.push(() => printed.mockRestore());
    await expect(
      fetch(`https://${tenant.domain}/api/v2/clients`, { headers: { authorization: `Bearer ${token}` } }),
    ).rejects.toThrow(TypeError);
    expect(tenant.requests.at(-1)).toMatchObject({ path: '/api/v2/clients', status: 500 });
    expect(printed).toHaveBeenCalledWith(
      'fake tenant failed to answer:',
      expect.objectContaining({ message: 'bug' }),
    );
  });

  it('reports a port that is already taken', async () => {
    const first = await serveFakeTenant(createFakeTenant(), { port: 0 });
    cleanups.push(() => first.close());
    await expect(serveFakeTenant(createFakeTenant(), { port: first.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });
});
