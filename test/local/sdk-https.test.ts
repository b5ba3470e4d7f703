import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { rootCertificates } from 'node:tls';
import type { Browser } from 'playwright-core';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';
import type { ServedTenant } from '../../emulator/tenant/transport.ts';
import { launchChromium } from '../../local/chromium.ts';
import { ensureLocalCertificate, type LocalCertificate } from '../../local/local-certificate.ts';
import { serveLocalTenant } from '../../local/serve-local-tenant.ts';
import {
  ADA,
  API_AUDIENCE,
  createTestTenant,
  type TestTenant,
} from '../emulator/login/local-tenant-fixture.ts';
import { openTestPage } from '../examples/support/browser.ts';
import { quickstartPage } from './support/spa-quickstart-page.ts';
import { createUserAgent } from './support/user-agent.ts';

// `npm start -- --https`: the local tenant over TLS at https://127.0.0.1:<port>, and Auth0's SDKs
// configured exactly as their quickstarts say with only the domain changed (`127.0.0.1:<port>`,
// no scheme, no issuer, no fetch option). The Node SDKs run in a process of their own started with
// NODE_EXTRA_CA_CERTS, as an app team runs them; Chromium trusts the tenant's key by its SPKI hash.

let dir = '';
let certificate: LocalCertificate;
let test: TestTenant;
let served: ServedTenant;
let domain = '';
let apps: ChildProcess | undefined;
let nodeApps: { webApp: string; api: string };
let browser: Browser | undefined;
let spaPage: Server | undefined;
let dispatcher: Agent;

const startNodeApps = async (env: Record<string, string>) => {
  apps = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO_ROOT, 'test/local/support/quickstart-node-apps.ts')],
    { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const errors: string[] = [];
  apps.stderr?.on('data', (chunk) => errors.push(String(chunk)));
  const lines = createInterface({ input: apps.stdout as NodeJS.ReadableStream });
  for await (const line of lines) {
    if (line.startsWith('{')) return JSON.parse(line) as { webApp: string; api: string };
  }
  throw new Error(`the quickstart apps stopped before listening: ${errors.join('')}`);
};

const webClient = (baseUrl: string) => ({
  client_id: 'web-https',
  client_secret: 'web-https-secret',
  name: 'web-https',
  app_type: 'regular_web' as const,
  is_first_party: true,
  token_endpoint_auth_method: 'client_secret_post' as const,
  callbacks: [`${baseUrl}/callback`],
  allowed_logout_urls: [baseUrl],
  grant_types: ['authorization_code', 'refresh_token'],
});

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'local-https-'));
  certificate = await ensureLocalCertificate(dir);
  dispatcher = new Agent({ connect: { ca: [...rootCertificates, certificate.caPem] } });
  test = await createTestTenant();
  served = await serveLocalTenant(test.tenant, 0, { cert: certificate.certPem, key: certificate.keyPem });
  domain = `127.0.0.1:${served.port}`;
  const { state } = test.tenant;
  state.clientGrants.push({
    id: 'cgr_management',
    client_id: test.m2mClientId,
    // tenant.yaml writes the Management API's audience with the tenant's own domain.
    audience: test.tenant.context.managementAudience,
    scope: ['read:users', 'update:users'],
  });
  [nodeApps, browser] = await Promise.all([
    startNodeApps({
      NODE_EXTRA_CA_CERTS: certificate.caFile,
      AUTH0_DOMAIN: domain,
      API_AUDIENCE,
      WEB_CLIENT_ID: 'web-https',
      WEB_CLIENT_SECRET: 'web-https-secret',
      M2M_CLIENT_ID: test.m2mClientId,
      M2M_CLIENT_SECRET: test.m2mSecret,
    }),
    launchChromium({ trustSpki: [certificate.spkiSha256] }),
  ]);
  state.clients.push(webClient(nodeApps.webApp));
  state.connections[0]?.enabled_clients.push('web-https');
});

afterAll(async () => {
  apps?.kill();
  await Promise.all([
    browser?.close(),
    served?.close(),
    spaPage && new Promise((resolve) => spaPage?.close(resolve).closeAllConnections()),
    dispatcher?.close(),
  ]);
  await rm(dir, { recursive: true, force: true });
});

describe("Auth0's SDKs against `npm start -- --https`, given the domain alone", () => {
  it('Auth0 answers the ManagementClient given only domain, clientId and clientSecret, for the audience https://<domain>/api/v2/ it derives', async () => {
    const answer = await fetch(`${nodeApps.api}/management/${encodeURIComponent(ADA.user_id ?? '')}`);
    const body = await answer.json();
    expect(answer.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ email: ADA.email, user_metadata: { display_name: 'Ada over https' } });
    // It asked for the audience it derives from the domain, which names the tenant's Management API.
    expect(
      test.tenant.requests.filter((request) => request.path === '/oauth/token').map((r) => r.status),
    ).toEqual([200]);
  });

  it('express-openid-connect logs in with issuerBaseURL https://<domain>, refreshes and logs out, and express-oauth2-jwt-bearer verifies its tokens', async () => {
    const agent = createUserAgent(ADA.email ?? '', { dispatcher } as RequestInit);
    const landed = await agent.visit(`${nodeApps.webApp}/login`);
    expect(landed.url.href).toBe(`${nodeApps.webApp}/`);
    const profile = await agent.visit(`${nodeApps.webApp}/profile`);
    expect(profile.status, profile.text.slice(0, 300)).toBe(200);
    const { claims, accessToken } = JSON.parse(profile.text);
    expect(claims).toMatchObject({ iss: `https://${domain}/`, sub: ADA.user_id });
    const call = await fetch(`${nodeApps.api}/api/preferences`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(call.status).toBe(200);
    expect(await call.json()).toMatchObject({ iss: `https://${domain}/`, sub: ADA.user_id });

    // The refresh token grant and auth0Logout over TLS, as over http.
    const answered = (path: string) =>
      test.tenant.requests.filter((request) => request.path === path).map((request) => request.status);
    const exchanges = answered('/oauth/token').length;
    const refreshed = await agent.visit(`${nodeApps.webApp}/refresh`);
    expect(refreshed.status, refreshed.text.slice(0, 300)).toBe(200);
    expect(answered('/oauth/token').slice(exchanges)).toEqual([200]);
    const again = await fetch(`${nodeApps.api}/api/preferences`, {
      headers: { authorization: `Bearer ${JSON.parse(refreshed.text).accessToken}` },
    });
    expect(again.status).toBe(200);
    const out = await agent.visit(`${nodeApps.webApp}/logout`);
    expect(out.url.href).toBe(`${nodeApps.webApp}/`);
    expect(answered('/v2/logout')).toEqual([302]);
  });

  it('spa-js in Chromium, given the bare domain as auth0-angular and auth0-react configure it, logs in, reads its user through the Management API and logs in silently in an iframe', async () => {
    spaPage = createServer();
    await new Promise<void>((resolve) => spaPage?.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(spaPage.address() as AddressInfo).port}`;
    const spaJs = await readFile(
      path.join(REPO_ROOT, 'node_modules/@auth0/auth0-spa-js/dist/auth0-spa-js.production.js'),
    );
    spaPage.on('request', (request, response) => {
      if (request.url === '/auth0-spa-js.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(spaJs);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/html' }).end(quickstartPage(domain, test.spaClientId));
    });
    const spa = test.tenant.state.clients.find((client) => client.client_id === test.spaClientId);
    spa?.callbacks?.push(`${origin}/`);
    spa?.web_origins?.push(origin);
    // An app on a loopback address gets a silent login only when it opts out of the confirmation
    // Auth0 shows before sending a login there unasked, as an Angular or React app on localhost must.
    if (spa) spa.skip_non_verifiable_callback_uri_confirmation_prompt = true;

    const { page } = await openTestPage(browser as Browser, 'spa-js over https with the bare domain');
    await page.goto(`${origin}/`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: /Ada Lovelace/ }).click();
    const result = page.locator('#result');
    for (const step of ['Accept', 'Continue']) {
      const button = page.getByRole('button', { name: step });
      await button.or(result).waitFor();
      if (await button.isVisible()) await button.click();
    }
    await result.waitFor();
    const shown = JSON.parse((await result.textContent()) ?? '{}');
    expect(shown).toMatchObject({
      sub: ADA.user_id,
      iss: `https://${domain}/`,
      // The page's own call to the Management API with the user's token: their profile, nobody else's.
      profile: { status: 200, email: ADA.email },
      bob: { status: 403 },
      silent: true,
    });
    // The silent login went through a hidden iframe: prompt=none, answered by web_message.
    const silent = test.tenant.requests.filter(
      (request) => request.path === '/authorize' && request.query.includes('response_mode=web_message'),
    );
    expect(silent.map((request) => request.status)).toEqual([200]);
    expect(JSON.parse(Buffer.from(shown.accessToken.split('.')[1], 'base64url').toString())).toMatchObject({
      iss: `https://${domain}/`,
      scope: 'openid profile email read:current_user',
    });
  });
});
