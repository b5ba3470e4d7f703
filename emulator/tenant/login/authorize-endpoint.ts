import { destinationOf, redirectErrorToApp } from './app-redirect.ts';
import { parseAuthorizeRequest } from './authorize-request.ts';
import { publicId } from './clock.ts';
import { completeLogin } from './complete-login.ts';
import type { LoginContext } from './login-context.ts';
import { errorPage, htmlResponse, loginPage } from './login-pages.ts';
import { OAuthError } from './oauth-errors.ts';
import { readParams } from './request-params.ts';
import { readSessionId, sessionCookie } from './session-cookie.ts';

/**
 * `GET /authorize`: the authorization code flow (with PKCE). With a live session (and no
 * `prompt=login`) the user goes straight on; `prompt=none` without one answers `login_required`;
 * otherwise the login page, or with `autoLogin` the user named by `login_hint`.
 */
export const handleAuthorize = async (context: LoginContext, httpRequest: Request): Promise<Response> => {
  const parsed = parseAuthorizeRequest(context.directory, await readParams(httpRequest));
  if (!parsed.ok) {
    return parsed.destination === undefined
      ? htmlResponse(parsed.error.status, errorPage(parsed.error.error, parsed.error.description))
      : redirectErrorToApp(parsed.destination, parsed.error);
  }
  const { request } = parsed;
  const { state, directory } = context;

  const sessionId = readSessionId(httpRequest);
  const session = request.prompt.includes('login') ? undefined : state.sessions.get(sessionId);
  if (session && sessionId !== undefined) {
    return completeLogin(context, {
      request,
      userId: session.userId,
      sessionId,
      httpRequest,
      headers: {},
      autoConsent: false,
    });
  }
  if (request.prompt.includes('none')) {
    return redirectErrorToApp(
      destinationOf(request),
      new OAuthError(401, 'login_required', 'Login required'),
    );
  }

  const hinted = request.loginHint === undefined ? undefined : directory.findUserByLogin(request.loginHint);
  if (context.options.autoLogin && hinted) {
    const newSession = state.sessions.add({
      userId: hinted.user_id,
      authenticatedAt: state.clock(),
      sid: publicId(),
    });
    return completeLogin(context, {
      request,
      userId: hinted.user_id,
      sessionId: newSession,
      httpRequest,
      headers: { 'set-cookie': sessionCookie(newSession, httpRequest.url) },
      autoConsent: true,
    });
  }
  const transaction = state.transactions.add({ request, userId: undefined, sessionId: undefined });
  return htmlResponse(200, loginPage(transaction, request.client.name, directory.listUsers()));
};
