import type { UserRecord } from '../../state.ts';
import { LOGIN_PATHS } from '../paths.ts';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const page = (title: string, body: string): string =>
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
  new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'content-security-policy': "frame-ancestors 'none'",
      ...headers,
    },
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
      '</form>',
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
