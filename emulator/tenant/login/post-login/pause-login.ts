import type { SuspendedLogin } from '../../../actions/index.ts';
import type { AuthorizeRequest } from '../endpoints/authorize-request.ts';
import type { LoginContext } from '../login-context.ts';
import { OAuthError } from '../oauth-error.ts';
import { destinationOf, redirectErrorToApp } from '../pages/app-redirect.ts';
import { htmlResponse } from '../pages/pages.ts';
import { mfaPage, promptPage } from '../pages/suspension-pages.ts';

/**
 * A login an Action paused keeps waiting under the state the user brings back: an Action's redirect
 * sends the browser away (back at `/continue`); MFA and forms show their page here. Auth0 fails a
 * silent login (`prompt=none`) that needs a page instead of showing it.
 */
export const pauseForUser = (
  context: LoginContext,
  login: { request: AuthorizeRequest; userId: string; sessionId: string },
  paused:
    | { ok: 'redirect'; url: string; suspended: SuspendedLogin }
    | { ok: 'suspended'; suspended: SuspendedLogin },
  headers: Record<string, string>,
): Response => {
  const { request } = login;
  const { suspended } = paused;
  if (paused.ok === 'suspended' && request.prompt.includes('none')) {
    const why = suspended.kind === 'prompt' ? 'a form' : 'multi-factor authentication';
    return redirectErrorToApp(
      destinationOf(request),
      new OAuthError(400, 'interaction_required', `The login requires ${why}`),
      headers,
    );
  }
  context.state.continuations.set(suspended.state, { ...login, suspended });
  if (paused.ok === 'redirect') {
    return new Response(null, {
      status: 302,
      headers: { location: paused.url, 'cache-control': 'no-store', ...headers },
    });
  }
  const page = suspended.kind === 'prompt' ? promptPage : mfaPage;
  return htmlResponse(200, page(suspended, request.client.name), headers);
};
