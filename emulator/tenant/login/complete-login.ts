import { destinationOf, redirectErrorToApp } from './app-redirect.ts';
import type { AuthorizeRequest } from './authorize-request.ts';
import { needsConsent } from './consent.ts';
import { finishLogin } from './finish-login.ts';
import type { LoginContext } from './login-context.ts';
import { consentPage, htmlResponse } from './login-pages.ts';
import { OAuthError } from './oauth-errors.ts';

/** A user who has just authenticated (or has a session) on the way back to the app. */
export interface AuthenticatedStep {
  request: AuthorizeRequest;
  userId: string;
  sessionId: string;
  /** The HTTP request that got here, for `event.request`. */
  httpRequest: Request;
  /** Headers to add to whatever is answered, e.g. the new session cookie. */
  headers: Record<string, string>;
  /** Accept any consent question on the user's behalf (autoLogin). */
  autoConsent: boolean;
}

/**
 * The end of every successful `/authorize`: consent if needed, then the post-login Actions run (as
 * on Auth0, before the app gets its code: a deny never yields a code; see `finishLogin`).
 */
export const completeLogin = async (context: LoginContext, step: AuthenticatedStep): Promise<Response> => {
  const { directory, state } = context;
  const { request, userId, headers } = step;
  const destination = destinationOf(request);
  const user = directory.findUser(userId);
  if (!user) {
    state.sessions.delete(step.sessionId);
    return redirectErrorToApp(destination, new OAuthError(401, 'login_required', 'Login required'), headers);
  }

  const audience = request.audience;
  const askConsent =
    needsConsent(request) &&
    (request.prompt.includes('consent') ||
      !state.consent.covers(userId, request.client.client_id, audience, request.scopes));
  if (askConsent) {
    if (request.prompt.includes('none')) {
      return redirectErrorToApp(
        destination,
        new OAuthError(403, 'consent_required', 'Consent required'),
        headers,
      );
    }
    if (!step.autoConsent) {
      const transaction = state.transactions.add({ request, userId, sessionId: step.sessionId });
      const apiName = request.resourceServer?.name ?? audience ?? 'your profile';
      return htmlResponse(
        200,
        consentPage(transaction, request.client.name, apiName, request.scopes),
        headers,
      );
    }
    state.consent.grant(userId, request.client.client_id, audience, request.scopes);
  }

  directory.recordLogin(userId);
  return finishLogin(context, {
    request,
    userId,
    sessionId: step.sessionId,
    httpRequest: step.httpRequest,
    headers,
    query: request.query,
    body: {},
  });
};
