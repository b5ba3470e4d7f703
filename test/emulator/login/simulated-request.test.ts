import { afterEach, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../../emulator/tenant/login/headless-login.ts';
import { type InProcessTenant, useFakeTenantInProcess } from '../../../emulator/tenant/transport.ts';
import { CALLBACK, createTestTenant, deployPostLoginAction } from './local-tenant-fixture.ts';
import { authorize, codeFlow, newVerifier, redirectParams } from './oauth-calls.ts';

// On loopback every login comes from 127.0.0.1 with no location; a test or a person says instead
// where it comes from, so a country rule or an IP allow-list can be tried.

let inProcess: InProcessTenant | undefined;
afterEach(() => inProcess?.close());

// Saves what it saw of the request, so the test reads it back from the user.
const RECORDS_REQUEST = `exports.onExecutePostLogin = async (event, api) => {
  const { ip, geoip, user_agent, language } = event.request;
  api.user.setAppMetadata('seen', { ip, geoip, user_agent, language, locale: event.transaction.locale });
};`;

const seen = (tenant: Awaited<ReturnType<typeof createTestTenant>>['tenant']) =>
  tenant.state.users.find((user) => user.user_id === 'auth0|ada')?.app_metadata.seen;

describe("the login request's origin", () => {
  it("Auth0 gives the Action the request's geoip, IP, user agent and language; a test sets them", async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(tenant, 'records-request', RECORDS_REQUEST);
    tenant.login.simulatedRequest = {
      ip: '203.0.113.7',
      geoip: { countryCode: 'DE', countryName: 'Germany', cityName: 'Berlin', timeZone: 'Europe/Berlin' },
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
      language: 'de-DE',
    };
    await loginHeadless({ baseUrl: base, clientId: spaClientId, redirectUri: CALLBACK, user: 'auth0|ada' });
    expect(seen(tenant)).toEqual({
      ip: '203.0.113.7',
      geoip: { countryCode: 'DE', countryName: 'Germany', cityName: 'Berlin', timeZone: 'Europe/Berlin' },
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
      language: 'de-DE',
      locale: 'de',
    });
  });

  it('Auth0 gives the Action the geoip of where the person says they are, from the login page', async () => {
    const { tenant, base, spaClientId } = await createTestTenant();
    inProcess = useFakeTenantInProcess(tenant);
    deployPostLoginAction(tenant, 'records-request', RECORDS_REQUEST);
    const page = await authorize(base, codeFlow(spaClientId, CALLBACK, newVerifier()));
    const html = await page.text();
    expect(html).toContain('name="simulate_country"');
    const loggedIn = await fetch(`${base}/u/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        state: /name="state" value="([^"]+)"/.exec(html)?.[1] ?? '',
        username: 'auth0|ada',
        simulate_country: 'ch',
        simulate_ip: '198.51.100.20',
      }).toString(),
      redirect: 'manual',
    });
    expect(redirectParams(loggedIn).get('code')).toEqual(expect.any(String));
    expect(seen(tenant)).toMatchObject({
      ip: '198.51.100.20',
      geoip: { countryCode: 'CH', countryName: 'Switzerland' },
    });
  });
});
