import type { SuspendedLogin } from '../../../actions/index.ts';
import { summarizeOrganization } from '../../organization-state.ts';
import { readUser, recordLogin } from '../directory.ts';
import { connectionRefusal } from '../enabled-connections.ts';
import type { AuthorizeRequest } from '../endpoints/authorize-request.ts';
import { frontChannelParams } from '../grants/front-channel.ts';
import { signEarly } from '../grants/token-response.ts';
import type { LoginContext } from '../login-context.ts';
import { OAuthError } from '../oauth-error.ts';
import { checkOrganizationLogin } from '../organizations/organization-prompt.ts';
import { usesOrganizations } from '../organizations/organization-rules.ts';
import { destinationOf, redirectErrorToApp, redirectToApp } from '../pages/app-redirect.ts';
import { confirmLoginPage, consentPage, htmlResponse } from '../pages/pages.ts';
import type { Params } from '../params.ts';
import { needsConsent } from '../session/consent.ts';
import { needsLoginConfirmation } from '../session/login-confirmation.ts';
import { applySessionEffects } from '../session/login-effects.ts';
import { sessionCookie } from '../session/session-cookie.ts';
import { pauseForUser } from './pause-login.ts';
import type { PostLoginInput } from './post-login-input.ts';

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
  /** Whether the user did anything in this transaction (logged in, consented, confirmed) or it is SSO. */
  interacted: boolean;
}

/**
 * The end of every successful `/authorize`: consent if needed, then the post-login Actions run (as
 * on Auth0, before the app gets its code: a deny never yields a code; see `runActionsAndAnswer`).
 */
export const completeLogin = async (context: LoginContext, step: AuthenticatedStep): Promise<Response> => {
  const { tenant, state } = context;
  const { request, userId, headers } = step;
  const destination = destinationOf(request);
  const user = readUser(tenant, userId);
  if (!user) {
    state.sessions.delete(step.sessionId);
    return redirectErrorToApp(destination, new OAuthError(401, 'login_required', 'Login required'), headers);
  }
  const organizationLogin = usesOrganizations(request.client, request.organization);
  const refused = !organizationLogin && connectionRefusal(tenant, request.client.client_id, user);
  if (refused) return redirectErrorToApp(destination, refused, headers);
  const organizationAnswer = checkOrganizationLogin(
    context,
    { request, user, sessionId: step.sessionId },
    headers,
  );
  if (organizationAnswer) return organizationAnswer;

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

  if (!step.interacted && needsLoginConfirmation(tenant, request.client, request.redirectUri)) {
    if (request.prompt.includes('none')) {
      return redirectErrorToApp(
        destination,
        new OAuthError(
          400,
          'interaction_required',
          'The login must be confirmed: its callback cannot be verified',
        ),
        headers,
      );
    }
    const transaction = state.transactions.add({ request, userId, sessionId: step.sessionId });
    return htmlResponse(
      200,
      confirmLoginPage(transaction, request.client.name, request.redirectUri),
      headers,
    );
  }

  recordLogin(tenant, userId);
  return runActionsAndAnswer(context, {
    request,
    userId,
    sessionId: step.sessionId,
    httpRequest: step.httpRequest,
    headers,
    query: request.query,
    body: {},
  });
};

/** An authenticated, consented login about to run its Actions: first from `/authorize`, or at `/continue`. */
export interface ConsentedLogin {
  request: AuthorizeRequest;
  userId: string;
  sessionId: string;
  /** The HTTP request that got here, for `event.request`. */
  httpRequest: Request;
  headers: Record<string, string>;
  query: Params;
  body: Params;
  /** At `/continue` or a suspension page: the login an Action paused. */
  resume?: SuspendedLogin;
  /** After a form: what it collected, for `event.prompt`. */
  prompt?: PostLoginInput['prompt'];
}

/**
 * Runs the post-login Actions, then answers: the app gets its code; or `access_denied` / a failure at
 * its redirect URI; or, when an Action redirected, the user goes to that URL (which carries the
 * state) and the login waits at `/continue`.
 */
export const runActionsAndAnswer = async (
  context: LoginContext,
  login: ConsentedLogin,
): Promise<Response> => {
  const { tenant, state } = context;
  const { request, userId, headers } = login;
  const destination = destinationOf(request);
  const user = readUser(tenant, userId);
  if (!user) {
    return redirectErrorToApp(destination, new OAuthError(401, 'login_required', 'Login required'), headers);
  }
  const session = state.sessions.get(login.sessionId);
  const sid = session?.sid;
  const askedForAuthTime = request.maxAge !== undefined || request.prompt.includes('login');
  const organization = tenant.state.organizations.find((candidate) => candidate.id === request.organization);
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
    ...(askedForAuthTime && session ? { authTime: Math.floor(session.authenticatedAt / 1000) } : {}),
    simulated: { ...context.simulatedRequest, ...session?.simulated },
    ...(session ? { session } : {}),
    ...(login.prompt ? { prompt: login.prompt } : {}),
    ...(organization ? { organization: summarizeOrganization(organization) } : {}),
  });
  if (result.effects) applySessionEffects(state, login.sessionId, session, result.effects);
  const cookieMode = result.effects?.session.cookieMode;
  if (cookieMode && session)
    headers['set-cookie'] = sessionCookie(login.sessionId, login.httpRequest.url, cookieMode);
  if (result.ok === 'suspended' || result.ok === 'redirect') {
    return pauseForUser(context, { request, userId, sessionId: login.sessionId }, result, headers);
  }
  if (!result.ok) return redirectErrorToApp(destination, result.error, headers);

  const code = request.responseType.code
    ? state.codes.issue({
        clientId: request.client.client_id,
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge,
        login: {
          userId,
          tokens: result.tokens,
          signatures: signEarly(context, result.tokens),
          audience: request.audience,
          sessionId: sid,
          ...(organization ? { organizationId: organization.id } : {}),
        },
      })
    : undefined;
  const params = await frontChannelParams(context, request.responseType, userId, result.tokens, code);
  return redirectToApp(destination, params, headers);
};
