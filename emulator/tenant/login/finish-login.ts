import type { SuspendedLogin } from '../../actions/index.ts';
import { destinationOf, redirectErrorToApp, redirectToApp } from './app-redirect.ts';
import type { AuthorizeRequest } from './authorize-request.ts';
import type { LoginContext } from './login-context.ts';
import { OAuthError } from './oauth-errors.ts';
import type { Params } from './request-params.ts';

/** An authenticated, consented login about to run its Actions: first from `/authorize`, or at `/continue`. */
export interface FinishingLogin {
  request: AuthorizeRequest;
  userId: string;
  sessionId: string;
  /** The HTTP request that got here, for `event.request`. */
  httpRequest: Request;
  headers: Record<string, string>;
  query: Params;
  body: Params;
  /** At `/continue`: the login an Action redirected. */
  resume?: SuspendedLogin;
}

/**
 * Runs the post-login Actions, then answers: the app gets its code; or `access_denied` / a failure at
 * its redirect URI; or, when an Action redirected, the user goes to that URL (which carries the
 * state) and the login waits at `/continue`.
 */
export const finishLogin = async (context: LoginContext, login: FinishingLogin): Promise<Response> => {
  const { directory, state } = context;
  const { request, userId, headers } = login;
  const destination = destinationOf(request);
  const user = directory.findUser(userId);
  if (!user) {
    return redirectErrorToApp(destination, new OAuthError(401, 'login_required', 'Login required'), headers);
  }
  const sid = state.sessions.get(login.sessionId)?.sid;
  const result = await context.runPostLogin({
    protocol: 'oidc-basic-profile',
    user,
    client: request.client,
    resourceServer: request.resourceServer,
    requestedScopes: request.requestedScopes,
    scopes: request.scopes,
    nonce: request.nonce,
    sessionId: sid,
    refreshTokenFamily: undefined,
    request: login.httpRequest,
    query: login.query,
    body: login.body,
    redirectUri: request.redirectUri,
    state: request.state,
    resume: login.resume,
  });
  if (result.ok === 'redirect') {
    state.continuations.set(result.suspended.state, {
      request,
      userId,
      sessionId: login.sessionId,
      suspended: result.suspended,
    });
    return new Response(null, {
      status: 302,
      headers: { location: result.url, 'cache-control': 'no-store', ...headers },
    });
  }
  if (!result.ok) return redirectErrorToApp(destination, result.error, headers);

  const code = state.codes.issue({
    clientId: request.client.client_id,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    login: { userId, tokens: result.tokens, audience: request.audience, sessionId: sid },
  });
  return redirectToApp(destination, { code }, headers);
};
