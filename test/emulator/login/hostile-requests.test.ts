import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type InProcessTenant,
  type ServedTenant,
  serveFakeTenant,
  useFakeTenantInProcess,
} from '../../../emulator/tenant/transport.ts';
import { CALLBACK, createTestTenant } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier } from './oauth-calls.ts';

// What any page on 127.0.0.1, or a site whose name was pointed at it, can send the local tenant.

let inProcess: InProcessTenant | undefined;
let served: ServedTenant | undefined;
afterEach(async () => {
  inProcess?.close();
  await served?.close();
});

/** A GET with a Host header of our choosing, which fetch does not allow. */
const getWithHost = (url: string, host: string): Promise<{ status: number; body: string }> =>
  new Promise((resolve, reject) => {
    const call = httpRequest(url, { headers: { host } }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    call.on('error', reject);
    call.end();
  });

describe('hostile requests to the local tenant', () => {
  it('Auth0 ignores a session cookie it cannot read, on /authorize and on /v2/logout', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    const planted = 'auth0=%E0%A4%A';
    const page = await authorize(base, codeFlow(spaClientId, CALLBACK, newVerifier()), planted);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('pick a seeded user');
    const logout = await fetch(`${base}/v2/logout`, { headers: { cookie: planted }, redirect: 'manual' });
    expect(logout.status).toBe(200);
    expect(logout.headers.get('set-cookie')).toContain('Max-Age=0');
  });

  it('Auth0 answers only its own host: a foreign Host on loopback is refused, discovery names the address it is served at', async () => {
    const { tenant } = await createTestTenant();
    served = await serveFakeTenant(tenant, { port: 0 });
    const discovery = `${served.url}/.well-known/openid-configuration`;
    const rebound = await getWithHost(discovery, 'evil.example');
    expect(rebound.status).toBe(421);
    expect(rebound.body).not.toContain('evil.example/authorize');
    const own = await getWithHost(discovery, `127.0.0.1:${served.port}`);
    expect(own.status).toBe(200);
    expect(JSON.parse(own.body)).toMatchObject({
      issuer: `${served.url}/`,
      authorization_endpoint: `${served.url}/authorize`,
    });
    // Asked in-process under another name, discovery still gives only the address it is served at.
    const elsewhere = await tenant.handle(
      new Request('http://evil.example/.well-known/openid-configuration'),
    );
    expect((await elsewhere.json()).authorization_endpoint).toBe(`${served.url}/authorize`);
  });
});
