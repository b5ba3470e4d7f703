import { randomBytes } from 'node:crypto';
import { plainResponse } from '../../plain-response.ts';
import type { AuthorizeRequest, ErrorDestination } from '../endpoints/authorize-request.ts';
import type { OAuthError } from '../oauth-error.ts';
import { formPostPage, htmlResponse } from './pages.ts';

/** Where a validated `/authorize` request's answer goes. */
export const destinationOf = (request: AuthorizeRequest): ErrorDestination => ({
  redirectUri: request.redirectUri,
  responseMode: request.responseMode,
  state: request.state,
});

/** JSON that cannot end the script element it sits in. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * `response_mode=web_message`: the page Auth0 answers a silent login in a hidden iframe with. It posts
 * `{type: 'authorization_response', response}` to the window that framed it (or opened it), to the
 * redirect URI's origin only, which is what spa-js's `runIframe` listens for. Only that origin may
 * frame it, and its one script runs under a nonce.
 */
const webMessage = (redirectUri: string, params: Record<string, string>, headers: Record<string, string>) => {
  const origin = new URL(redirectUri).origin;
  const nonce = randomBytes(16).toString('base64');
  const message = { type: 'authorization_response', response: params };
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>Authorization response</title></head><body>' +
    `<script nonce="${nonce}">(window.opener || window.parent).postMessage(${scriptJson(message)}, ${scriptJson(origin)});</script>` +
    '</body></html>';
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; frame-ancestors ${origin}`,
      ...headers,
    },
  });
};

/**
 * Sends the authorization response to the app in the request's mode: query string, fragment, form
 * post, or web message.
 */
export const redirectToApp = (
  destination: ErrorDestination,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Response => {
  const all = destination.state === undefined ? params : { ...params, state: destination.state };
  switch (destination.responseMode) {
    case 'form_post':
      return htmlResponse(200, formPostPage(destination.redirectUri, all), headers);
    case 'web_message':
      return webMessage(destination.redirectUri, all, headers);
    default:
      break;
  }
  const location = new URL(destination.redirectUri);
  if (destination.responseMode === 'fragment') location.hash = new URLSearchParams(all).toString();
  else for (const [key, value] of Object.entries(all)) location.searchParams.set(key, value);
  return plainResponse(null, 302, { location: location.toString(), 'cache-control': 'no-store', ...headers });
};

export const redirectErrorToApp = (
  destination: ErrorDestination,
  error: OAuthError,
  headers: Record<string, string> = {},
): Response =>
  redirectToApp(destination, { error: error.error, error_description: error.description }, headers);
