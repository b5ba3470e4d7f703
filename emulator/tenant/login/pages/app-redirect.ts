import type { AuthorizeRequest, ErrorDestination } from '../endpoints/authorize-request.ts';
import type { OAuthError } from '../oauth-error.ts';
import { formPostPage, htmlResponse } from './pages.ts';

/** Where a validated `/authorize` request's answer goes. */
export const destinationOf = (request: AuthorizeRequest): ErrorDestination => ({
  redirectUri: request.redirectUri,
  responseMode: request.responseMode,
  state: request.state,
});

/** Sends the authorization response to the app, by query string or by form post. */
export const redirectToApp = (
  destination: ErrorDestination,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Response => {
  const all = destination.state === undefined ? params : { ...params, state: destination.state };
  if (destination.responseMode === 'form_post') {
    return htmlResponse(200, formPostPage(destination.redirectUri, all), headers);
  }
  const location = new URL(destination.redirectUri);
  for (const [key, value] of Object.entries(all)) location.searchParams.set(key, value);
  return new Response(null, {
    status: 302,
    headers: { location: location.toString(), 'cache-control': 'no-store', ...headers },
  });
};

export const redirectErrorToApp = (
  destination: ErrorDestination,
  error: OAuthError,
  headers: Record<string, string> = {},
): Response =>
  redirectToApp(destination, { error: error.error, error_description: error.description }, headers);
