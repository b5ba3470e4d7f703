import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDocs } from '../../claims/index.ts';
import { SESSION_COOKIE } from '../../emulator/tenant/login/session/session-cookie.ts';
import { launchChromium } from '../../local/chromium.ts';
import { openTestPage } from './support/browser.ts';
import { type SpaStack, startSpaStack } from './support/spa-stack.ts';

// The sample app in headless Chromium against the local tenant and our API on loopback: one browser
// for the file, a fresh context (cookies, storage) per test. Tests run in order on one tenant.

let browser: Browser;
let stack: SpaStack;

beforeAll(async () => {
  [browser, stack] = await Promise.all([launchChromium(), startSpaStack()]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), stack?.close()]);
});

const ADA_BUTTON = /Ada Lovelace/;

const signedIn = (page: Page) => page.getByRole('heading', { name: 'Signed in as Ada Lovelace' });

/**
 * Clicks through the tenant's pages: pick Ada, then accept the consent a loopback app is asked for
 * (the local tenant asks once per user and client; see the report on Auth0 asking every time).
 */
const logInAsAda = async (page: Page): Promise<void> => {
  await page.goto(`${stack.spa.url}/`);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: ADA_BUTTON }).click();
  const accept = page.getByRole('button', { name: 'Accept' });
  await accept.or(signedIn(page)).waitFor();
  if (await accept.isVisible()) await accept.click();
  await signedIn(page).waitFor();
};

/**
 * A login that needs nothing from the user (the tenant session is still there) and returns to this
 * loopback app is confirmed first, on every such login, as Auth0 does for callbacks it cannot verify.
 */
const confirmLoopbackLogin = async (page: Page): Promise<void> => {
  await page.getByRole('button', { name: 'Continue' }).click();
};

const tenantCookie = async (context: BrowserContext) =>
  (await context.cookies(stack.tenant.url)).find((cookie) => cookie.name === SESSION_COOKIE);

/** The value cell of a claims table row, found by the field's dotted path. */
const claimValue = (page: Page, table: string, path: string) =>
  page
    .locator(`#${table} tr`, { has: page.locator('th code', { hasText: new RegExp(`^${path}$`) }) })
    .locator('td')
    .last();

describe('the sample SPA in Chromium', () => {
  it('logs in by clicking through the tenant and shows both tokens claims, labelled from claimDocs', async () => {
    const { page } = await openTestPage(browser, 'login and claims');
    await logInAsAda(page);

    await page.locator('#greeting:focus').waitFor();
    expect(await claimValue(page, 'id-claims', 'preferences.language').textContent()).toBe('en-GB');
    expect(await claimValue(page, 'id-claims', 'display_name').textContent()).toBe('Ada L.');
    expect(await claimValue(page, 'access-claims', 'plan').textContent()).toBe('pro');
    expect(await claimValue(page, 'access-claims', 'roles').textContent()).toBe('["editor"]');
    const languageRow = page.locator('#id-claims tr', { hasText: 'preferences.language' });
    expect(await languageRow.textContent()).toContain(
      claimDocs.claims.user_metadata.keys.preferences.fields.language.description,
    );
    // Never in a token: keys the contract does not declare.
    expect(await page.locator('main').textContent()).not.toContain('teal');
    expect(await page.locator('main').textContent()).not.toContain('cus_123');
  });

  it('saves a new language through the API and shows the refreshed ID token beside the old one, after a reload too', async () => {
    const { page } = await openTestPage(browser, 'language change');
    await logInAsAda(page);
    await page.getByLabel('Language').fill('fr-CA');
    await page.getByLabel('Language').press('Enter');

    await page
      .locator('#result:focus', { hasText: 'Saved. Your new ID token carries the change.' })
      .waitFor();
    const changed = page.locator('#changes-table tr', { hasText: 'preferences.language' });
    expect(await changed.locator('td').allTextContents()).toEqual(['en-GB', 'fr-CA (changed)']);
    expect(await claimValue(page, 'id-claims', 'preferences.language').textContent()).toBe('fr-CA');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr-CA');

    await page.reload();
    await page.getByRole('heading', { name: 'Signed in as Ada Lovelace' }).waitFor();
    expect(await claimValue(page, 'id-claims', 'preferences.language').textContent()).toBe('fr-CA');
    expect(await page.getByLabel('Language').inputValue()).toBe('fr-CA');
    const ada = stack.local.tenant.state.users.find((user) => user.email === 'ada@example.com');
    expect(ada?.user_metadata).toMatchObject({ preferences: { language: 'fr-CA', colour: 'teal' } });
  });

  it('Auth0 lets an SPA configured with the domain alone refresh by a silent login in a hidden iframe (web_message) when it has no refresh token', async () => {
    const client = stack.local.tenant.state.clients.find((c) => c.client_id === stack.local.spaClientId);
    if (!client) throw new Error('no SPA client');
    // A loopback callback is confirmed on every login, so silent ones fail with interaction_required
    // unless the app opts out, as an Angular or React app on localhost must for the iframe to work.
    client.skip_non_verifiable_callback_uri_confirmation_prompt = true;
    try {
      const { page, context } = await openTestPage(browser, 'iframe refresh');
      await logInAsAda(page);
      // Set from another site (127.0.0.1 vs localhost): only SameSite=None reaches the iframe.
      expect(await tenantCookie(context)).toMatchObject({ httpOnly: true, sameSite: 'None', secure: true });
      await page.evaluate(() => {
        for (const key of Object.keys(localStorage).filter((name) => name.startsWith('@@auth0spajs@@'))) {
          const entry = JSON.parse(localStorage.getItem(key) ?? '{}');
          if (entry.body?.refresh_token) {
            delete entry.body.refresh_token;
            localStorage.setItem(key, JSON.stringify(entry));
          }
        }
      });
      const silent: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname === '/authorize' && url.searchParams.get('response_mode') === 'web_message')
          silent.push(url.searchParams.get('prompt') ?? '');
      });
      await page.getByLabel('Language').fill('de-DE');
      await page.getByLabel('Language').press('Enter');
      await page
        .locator('#result:focus', { hasText: 'Saved. Your new ID token carries the change.' })
        .waitFor();
      expect(await claimValue(page, 'id-claims', 'preferences.language').textContent()).toBe('de-DE');
      expect(silent).toEqual(['none']);
    } finally {
      client.skip_non_verifiable_callback_uri_confirmation_prompt = false;
    }
  });

  it("shows the API's 400 for an invalid value next to its field and moves focus there", async () => {
    const { page } = await openTestPage(browser, 'invalid value');
    await logInAsAda(page);
    const zone = page.getByLabel('Timezone');
    await zone.fill('Mars/Olympus_Mons');
    const answer = page.waitForResponse((response) => response.url().endsWith('/me/preferences'));
    await page.getByRole('button', { name: 'Save' }).click();
    expect((await answer).status()).toBe(400);

    const error = page.locator('#error-preferences-timezone');
    await error.waitFor();
    expect(await error.textContent()).toBe('Not an IANA time zone.');
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect(await zone.getAttribute('aria-describedby')).toContain('error-preferences-timezone');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-preferences-timezone');
    expect(await page.locator('#result').textContent()).toContain('Not saved: Timezone was refused.');
    expect(await page.locator('#changes').isHidden()).toBe(true);
  });

  it('keeps the tenant session cookie through the login redirects: a second login skips the login page, confirming the loopback callback', async () => {
    const { page, context } = await openTestPage(browser, 'session cookie');
    await logInAsAda(page);
    // Set on the answer that redirects back to the app, from another site (127.0.0.1 vs localhost).
    expect(await tenantCookie(context)).toMatchObject({ httpOnly: true, sameSite: 'None', secure: true });

    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const tenantPages: string[] = [];
    page.on('response', (response) => {
      if (
        response.url().startsWith(stack.tenant.url) &&
        response.headers()['content-type']?.includes('text/html')
      )
        tenantPages.push(response.url());
    });
    await page.getByRole('button', { name: 'Log in' }).click();
    await confirmLoopbackLogin(page);
    await signedIn(page).waitFor();
    // One tenant page, the confirmation at /authorize: no login page.
    expect(tenantPages.map((url) => new URL(url).pathname)).toEqual(['/authorize']);
  });

  it('logs out: the app forgets its tokens and the tenant its session', async () => {
    const { page, context } = await openTestPage(browser, 'logout');
    await logInAsAda(page);
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'You are logged out' }).waitFor();

    expect(page.url()).toBe(`${stack.spa.url}/`);
    expect(
      await page.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('auth0'))),
    ).toEqual([]);
    expect(await tenantCookie(context)).toBeUndefined();
    await page.reload();
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: ADA_BUTTON }).waitFor();
  });

  it('fails a call from an origin the SPA client does not list, as the browser reports it', async () => {
    const { page, console } = await openTestPage(browser, 'unlisted origin');
    const callTenant = () =>
      page.evaluate(
        async ({ url, clientId }) => {
          try {
            const body = new URLSearchParams({
              grant_type: 'refresh_token',
              client_id: clientId,
              refresh_token: 'x',
            });
            const response = await fetch(url, { method: 'POST', body });
            return `HTTP ${response.status}`;
          } catch (error) {
            return String(error);
          }
        },
        { url: `${stack.tenant.url}/oauth/token`, clientId: stack.local.spaClientId },
      );

    const callApi = () =>
      page.evaluate(async (url) => {
        try {
          const response = await fetch(url, {
            method: 'PATCH',
            headers: { authorization: 'Bearer not-a-token', 'content-type': 'application/json' },
            body: '{"preferences":{"language":"fr-CA"}}',
          });
          return `HTTP ${response.status}`;
        } catch (error) {
          return String(error);
        }
      }, `${stack.api.url}/me/preferences`);

    await page.goto(`${stack.stranger.url}/`);
    expect(await callTenant()).toBe('TypeError: Failed to fetch');
    // Our API lists the same origins (ALLOWED_ORIGINS): its preflight lets no other page send.
    expect(await callApi()).toBe('TypeError: Failed to fetch');
    await expect
      .poll(() => console.join('\n'))
      .toMatch(new RegExp(`from origin '${stack.stranger.url}' has been blocked by CORS policy`));
    // Its login cannot even start: the tenant refuses a callback it does not list.
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText(`${stack.stranger.url}/callback`).first().waitFor();

    // The same call from the listed origin reaches the tenant, and the page may read the refusal.
    await page.goto(`${stack.spa.url}/`);
    expect(await callTenant()).toBe('HTTP 403');
    expect(await callApi()).toBe('HTTP 401');
  });

  it('shows the other results of a save as a person needs them, keeping what they typed', async () => {
    const { page } = await openTestPage(browser, 'other results');
    await logInAsAda(page);
    const api = `${stack.api.url}/me/preferences`;
    const cors = { 'access-control-allow-origin': stack.spa.url, 'content-type': 'application/json' };
    const result = page.locator('#result');
    const name = page.getByLabel('Display name');
    await name.fill('Countess Ada');

    // Auth0 rate-limits our API's Management API calls: the API answers 503 with its Retry-After.
    stack.local.tenant.faults.add({ kind: 'rate-limit', match: { path: '/api/v2/users' }, resetSeconds: 30 });
    await page.getByRole('button', { name: 'Save' }).click();
    await result.getByText('Not saved yet: the service is busy.').waitFor();
    expect(await result.textContent()).toMatch(/Try again in (29|30|31) s\./);
    expect(await result.getAttribute('role')).toBe('alert');
    expect(await name.inputValue()).toBe('Countess Ada');

    await page.unroute(api);
    await page.route(api, (route) => route.abort('connectionrefused'));
    await result.getByRole('button', { name: 'Try again' }).click();
    await result.getByText('Not saved: something went wrong on the way.').waitFor();
    expect(await result.textContent()).toContain('The preferences service could not be reached.');

    await page.unroute(api);
    await page.route(api, (route) =>
      route.fulfill({ status: 401, headers: cors, body: '{"error":"invalid_token","message":"expired"}' }),
    );
    await page.getByRole('button', { name: 'Save' }).click();
    await result.getByRole('button', { name: 'Log in again' }).click();
    await confirmLoopbackLogin(page);
    await signedIn(page).waitFor();
    await page.getByText('Your unsaved changes are back in the form').waitFor();
    expect(await name.inputValue()).toBe('Countess Ada');

    // Saved, but the refresh that follows cannot reach the tenant.
    await page.unroute(api);
    const token = `${stack.tenant.url}/oauth/token`;
    await page.route(token, (route) => route.abort('connectionrefused'));
    await page.getByRole('button', { name: 'Save' }).click();
    await result.getByText('Saved, but this page still shows your previous token.').waitFor();
    expect(await claimValue(page, 'id-claims', 'display_name').textContent()).toBe('Ada L.');
    await page.unroute(token);
    await result.getByRole('button', { name: 'Refresh my claims' }).click();
    await page.getByRole('heading', { name: 'Signed in as Ada Lovelace' }).waitFor();
    await claimValue(page, 'id-claims', 'display_name').getByText('Countess Ada').waitFor();
  });

  it('logs in to the organization a customer link names, and shows it from the ID token', async () => {
    const { state } = stack.local.tenant;
    const database = state.connections[0];
    const client = state.clients.find((candidate) => candidate.client_id === stack.local.spaClientId);
    if (!database || !client) throw new Error('the fixture tenant has its database and SPA');
    state.settings.allow_organization_name_in_authentication_api = true;
    client.organization_usage = 'allow';
    state.organizations.push({
      id: 'org_acme0000000001',
      name: 'acme',
      display_name: 'Acme Corporation',
      metadata: { tenant_id: 'acme' },
      extra: {},
      connections: [{ connection_id: database.id, assign_membership_on_login: false, show_as_button: true }],
      members: [{ user_id: 'auth0|ada', roles: [] }],
      clientGrants: [],
    });
    const { page } = await openTestPage(browser, 'organization login');
    await page.goto(`${stack.spa.url}/?organization=acme`);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('button', { name: ADA_BUTTON }).click();
    const accept = page.getByRole('button', { name: 'Accept' });
    await accept.or(signedIn(page)).waitFor();
    if (await accept.isVisible()) await accept.click();
    await signedIn(page).waitFor();
    expect(await page.locator('#organization-line').textContent()).toBe(
      'Organization: acme (org_acme0000000001)',
    );
  });
});
