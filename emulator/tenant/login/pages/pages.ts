import { plainResponse } from '../../plain-response.ts';
import type { UserRecord } from '../../state.ts';
import { LOGIN_PATHS } from '../paths.ts';

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
  '<meta name="viewport" content="width=device-width,initial-scale=1">' +
  '<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}' +
  'button{font:inherit;margin:.25rem 0;padding:.5rem 1rem;width:100%;text-align:left}</style></head>' +
  `<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

/**
 * Every page refuses to be framed, as Universal Login does unless a tenant turns its clickjacking
 * protection off: a site framing the consent page could steer the user's click onto Accept, and an
 * app that embeds the login in an iframe here would find it blank on Auth0.
 */
export const htmlResponse = (status: number, html: string, headers: Record<string, string> = {}): Response =>
  plainResponse(html, status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
    'content-security-policy': "frame-ancestors 'none'",
    ...headers,
  });

/**
 * The local tenant has no passwords: its login page lists the seeded users and logs in the one
 * picked. It is a stand-in for Universal Login, so an app's redirect flow can be tried in a browser.
 */
export const loginPage = (transaction: string, clientName: string, users: readonly UserRecord[]): string =>
  page(
    `Log in to ${clientName}`,
    `<p>Local tenant: pick a seeded user.</p><form method="post" action="${LOGIN_PATHS.loginForm}">` +
      `<input type="hidden" name="state" value="${escapeHtml(transaction)}">` +
      users
        .map(
          (user) =>
            `<button name="username" value="${escapeHtml(user.user_id)}">${escapeHtml(user.name ?? user.email ?? user.user_id)}` +
            `${user.email ? ` &lt;${escapeHtml(user.email)}&gt;` : ''}</button>`,
        )
        .join('') +
      SIMULATION_FIELDS +
      '</form>',
  );

/**
 * Optional: how the login's request should look to the Actions, which on loopback would otherwise
 * always see 127.0.0.1, no location and this browser (to try a country rule, say).
 */
const SIMULATION_FIELDS =
  '<details><summary>Simulate the request (optional)</summary>' +
  '<label>Country code <input name="simulate_country" placeholder="DE" maxlength="2"></label><br>' +
  '<label>IP address <input name="simulate_ip" placeholder="203.0.113.7"></label><br>' +
  '<label>User agent <input name="simulate_user_agent"></label><br>' +
  '<label>Language <input name="simulate_language" placeholder="de-CH"></label></details>';

/**
 * Auth0's confirmation before it sends a login that needed no interaction (an existing session) to
 * a callback it cannot verify belongs to the app, such as a loopback address.
 */
export const confirmLoginPage = (transaction: string, clientName: string, redirectUri: string): string =>
  page(
    `Continue to ${clientName}?`,
    `<p>You are already logged in. ${escapeHtml(clientName)} wants you back at ` +
      `<strong>${escapeHtml(new URL(redirectUri).origin)}</strong>, an address that any program on this ` +
      'computer could be listening on. Continue only if you just started this login.</p>' +
      `<form method="post" action="${LOGIN_PATHS.confirmForm}">` +
      `<input type="hidden" name="state" value="${escapeHtml(transaction)}">` +
      '<button name="decision" value="accept">Continue</button>' +
      '<button name="decision" value="deny">Cancel</button></form>',
  );

export const consentPage = (
  transaction: string,
  clientName: string,
  apiName: string,
  scopes: readonly string[],
): string =>
  page(
    `Authorize ${clientName}`,
    `<p>${escapeHtml(clientName)} is asking for access to ${escapeHtml(apiName)}:</p><ul>` +
      scopes.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('') +
      `</ul><form method="post" action="${LOGIN_PATHS.consentForm}">` +
      `<input type="hidden" name="state" value="${escapeHtml(transaction)}">` +
      '<button name="decision" value="accept">Accept</button>' +
      '<button name="decision" value="deny">Decline</button></form>',
  );

export const errorPage = (error: string, description: string): string =>
  page(
    'Something went wrong',
    `<p><strong>${escapeHtml(error)}</strong></p><p>${escapeHtml(description)}</p>`,
  );

/** `response_mode=form_post`: the browser posts the result to the app (OAuth 2.0 Form Post Response Mode). */
export const formPostPage = (redirectUri: string, params: Record<string, string>): string =>
  '<!doctype html><html><head><meta charset="utf-8"><title>Submit</title></head>' +
  `<body onload="document.forms[0].submit()"><form method="post" action="${escapeHtml(redirectUri)}">` +
  Object.entries(params)
    .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
    .join('') +
  '<noscript><button>Continue</button></noscript></form></body></html>';
