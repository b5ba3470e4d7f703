import { findUserByLogin, listUsers } from '../directory.ts';
import type { LoginContext } from '../login-context.ts';
import { OAuthError } from '../oauth-error.ts';
import { destinationOf, redirectErrorToApp } from '../pages/app-redirect.ts';
import { errorPage, htmlResponse, loginPage } from '../pages/pages.ts';
import { readParams } from '../params.ts';
import { completeLogin } from '../post-login/finish-login.ts';
import { startSession } from '../session/login-state.ts';
import { sessionCookie } from '../session/session-cookie.ts';
import { simulatedRequestFromForm } from '../session/simulated-request.ts';
import type { AuthorizeRequest } from './authorize-request.ts';

const expired = (): Response =>
  htmlResponse(
    400,
    errorPage('invalid_request', 'This login has expired or was already used; start again from the app.'),
  );

/** `POST /u/login`: the user picked on the login page logs in and gets a session. */
export const handleLoginForm = async (context: LoginContext, httpRequest: Request): Promise<Response> => {
  const { state, tenant } = context;
  const params = await readParams(httpRequest);
  const transaction = state.transactions.get(params.state);
  if (!transaction) return expired();
  const user = params.username === undefined ? undefined : findUserByLogin(tenant, params.username);
  if (!user) {
    return htmlResponse(
      400,
      loginPage(params.state ?? '', transaction.request.client.name, listUsers(tenant)),
    );
  }
  state.transactions.delete(params.state);
  const simulated = simulatedRequestFromForm(params);
  const sessionId = startSession(state, user.user_id, simulated);
  return completeLogin(context, {
    request: transaction.request,
    userId: user.user_id,
    sessionId,
    httpRequest,
    headers: { 'set-cookie': sessionCookie(sessionId, httpRequest.url) },
    autoConsent: false,
    interacted: true,
  });
};

/**
 * A page with Accept and Cancel for a login that is already authenticated: accept goes on with
 * `onAccept`, anything else tells the app access_denied with `refusal`.
 */
const decisionForm =
  (
    refusal: string,
    onAccept: (context: LoginContext, transaction: DecidedLogin) => void,
    autoConsent: boolean,
  ) =>
  async (context: LoginContext, httpRequest: Request): Promise<Response> => {
    const { state } = context;
    const params = await readParams(httpRequest);
    const transaction = state.transactions.get(params.state);
    if (!transaction || transaction.userId === undefined || transaction.sessionId === undefined)
      return expired();
    state.transactions.delete(params.state);
    const { request, userId, sessionId } = transaction;
    if (params.decision !== 'accept') {
      return redirectErrorToApp(destinationOf(request), new OAuthError(403, 'access_denied', refusal));
    }
    onAccept(context, { request, userId, sessionId });
    return completeLogin(context, {
      request,
      userId,
      sessionId,
      httpRequest,
      headers: {},
      autoConsent,
      interacted: true,
    });
  };

interface DecidedLogin {
  request: AuthorizeRequest;
  userId: string;
  sessionId: string;
}

/** `POST /u/consent`: accept records the user grant and finishes the login; decline tells the app. */
export const handleConsentForm = decisionForm(
  'User did not authorize the request',
  ({ state }, { request, userId }) =>
    state.consent.grant(userId, request.client.client_id, request.audience, request.scopes),
  true,
);

/**
 * `POST /u/login-confirmation`: the user confirms a login that needed no interaction before it goes
 * to a callback Auth0 cannot verify; cancel tells the app access_denied.
 */
export const handleConfirmForm = decisionForm('User did not confirm the login', () => {}, false);
