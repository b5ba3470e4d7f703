import { listUsers, userIdByLogin } from '../directory.ts';
import { noEnabledConnection } from '../enabled-connections.ts';
import type { LoginContext } from '../login-context.ts';
import { OAuthError } from '../oauth-error.ts';
import { routeOrganization } from '../organizations/organization-prompt.ts';
import { usesOrganizations } from '../organizations/organization-rules.ts';
import { destinationOf, redirectErrorToApp } from '../pages/app-redirect.ts';
import { errorPage, htmlResponse, loginPage } from '../pages/pages.ts';
import { readParams } from '../params.ts';
import { completeLogin } from '../post-login/finish-login.ts';
import { startSession } from '../session/login-state.ts';
import { readSessionId, sessionCookie } from '../session/session-cookie.ts';
import { parseAuthorizeRequest } from './authorize-request.ts';

/**
 * `GET /authorize`: the authorization code flow (with PKCE). With a live session (and no
 * `prompt=login`) the user goes straight on; `prompt=none` without one answers `login_required`;
 * otherwise the login page, or with `autoLogin` the user named by `login_hint`.
 */
export const handleAuthorize = async (context: LoginContext, httpRequest: Request): Promise<Response> => {
  const parsed = parseAuthorizeRequest(context.tenant, await readParams(httpRequest));
  if (!parsed.ok) {
    return parsed.destination === undefined
      ? htmlResponse(parsed.error.status, errorPage(parsed.error.error, parsed.error.description))
      : redirectErrorToApp(parsed.destination, parsed.error);
  }
  const request = routeOrganization(context, parsed.request);
  if (request instanceof Response) return request;
  const { state, tenant } = context;
  // In an organization login the organization's connections decide, not the application's.
  const unusable = usesOrganizations(request.client, request.organization)
    ? undefined
    : noEnabledConnection(tenant, request.client.client_id);
  if (unusable) return redirectErrorToApp(destinationOf(request), unusable);

  const sessionId = readSessionId(httpRequest);
  // A session older than max_age does not count: the user must log in again (OIDC Core 3.1.2.1).
  const found = request.prompt.includes('login') ? undefined : state.sessions.get(sessionId);
  const session =
    found && (request.maxAge === undefined || state.clock() - found.authenticatedAt <= request.maxAge * 1000)
      ? found
      : undefined;
  if (session && sessionId !== undefined) {
    return completeLogin(context, {
      request,
      userId: session.userId,
      sessionId,
      httpRequest,
      headers: {},
      autoConsent: false,
      interacted: false,
    });
  }
  if (request.prompt.includes('none')) {
    return redirectErrorToApp(
      destinationOf(request),
      new OAuthError(401, 'login_required', 'Login required'),
    );
  }

  const hinted = request.loginHint === undefined ? undefined : userIdByLogin(tenant, request.loginHint);
  if (context.options.autoLogin && hinted) {
    const newSession = startSession(state, hinted);
    return completeLogin(context, {
      request,
      userId: hinted,
      sessionId: newSession,
      httpRequest,
      headers: { 'set-cookie': sessionCookie(newSession, httpRequest.url) },
      autoConsent: true,
      interacted: true,
    });
  }
  const transaction = state.transactions.add({ request, userId: undefined, sessionId: undefined });
  return htmlResponse(200, loginPage(transaction, request.client.name, listUsers(tenant)));
};
