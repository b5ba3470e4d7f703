import { organizationsOfUser } from '../../organization-membership.ts';
import type { OrganizationRecord } from '../../organization-state.ts';
import type { UserRecord } from '../../state.ts';
import type { AuthorizeRequest } from '../endpoints/authorize-request.ts';
import type { LoginContext } from '../login-context.ts';
import { OAuthError } from '../oauth-error.ts';
import { destinationOf, redirectErrorToApp } from '../pages/app-redirect.ts';
import { escapeHtml, htmlResponse, page } from '../pages/pages.ts';
import { LOGIN_PATHS } from '../paths.ts';
import { organizationLoginRefusal, organizationStep } from './organization-rules.ts';

// Where the organization rules meet the login flow: before anyone logs in (`/authorize`) and once
// the user is known (before consent and the Actions), with the two prompts Auth0 shows.

const needsInteraction = (request: AuthorizeRequest): Response =>
  redirectErrorToApp(
    destinationOf(request),
    new OAuthError(400, 'interaction_required', 'An organization must be chosen on the login page'),
  );

/** Asks for the organization's name before the login ("Prompt for Organization"). */
export const organizationNamePage = (transaction: string, clientName: string, problem?: string): string =>
  page(
    `Log in to ${clientName}`,
    `${problem ? `<p role="alert">${escapeHtml(problem)}</p>` : ''}` +
      `<form method="post" action="${LOGIN_PATHS.organizationForm}">` +
      `<input type="hidden" name="state" value="${escapeHtml(transaction)}">` +
      '<label>Organization name <input name="organization" autocomplete="organization" required></label>' +
      '<button>Continue</button></form>',
  );

/** After the login, the user picks one of their organizations (Auth0's Organization Picker). */
export const organizationPickerPage = (
  transaction: string,
  clientName: string,
  organizations: readonly OrganizationRecord[],
): string =>
  page(
    `Choose an organization for ${clientName}`,
    `<form method="post" action="${LOGIN_PATHS.organizationForm}">` +
      `<input type="hidden" name="state" value="${escapeHtml(transaction)}">` +
      organizations
        .map(
          (organization) =>
            `<button name="organization" value="${escapeHtml(organization.id)}">${escapeHtml(organization.display_name ?? organization.name)}</button>`,
        )
        .join('') +
      '</form>',
  );

/**
 * `/authorize`, before the session or the login page: the request with its organization resolved
 * to an id, or the answer (an error for the app, or the organization prompt).
 */
export const routeOrganization = (
  context: LoginContext,
  request: AuthorizeRequest,
): AuthorizeRequest | Response => {
  const step = organizationStep(context.tenant.state, request.client, request.organization);
  if (step.kind === 'refused') return redirectErrorToApp(destinationOf(request), step.error);
  if (step.kind === 'chosen') return { ...request, organization: step.organization.id };
  if (step.kind === 'prompt-before') {
    if (request.prompt.includes('none')) return needsInteraction(request);
    const transaction = context.state.transactions.add({ request, userId: undefined, sessionId: undefined });
    return htmlResponse(200, organizationNamePage(transaction, request.client.name));
  }
  return request;
};

/**
 * Once the user is known: the organization picker when the application requires an organization and
 * none was given, a refusal when this user may not log in to the organization, or undefined to go on.
 */
export const checkOrganizationLogin = (
  context: LoginContext,
  login: { request: AuthorizeRequest; user: UserRecord; sessionId: string },
  headers: Record<string, string>,
): Response | undefined => {
  const { request, user } = login;
  const { state } = context.tenant;
  if (request.organization === undefined) {
    if (organizationStep(state, request.client, undefined).kind !== 'prompt-after') return undefined;
    if (request.prompt.includes('none')) return needsInteraction(request);
    const mine = organizationsOfUser(state, user.user_id);
    if (mine.length === 0) {
      const error = new OAuthError(
        403,
        'access_denied',
        `user ${user.user_id} is not part of any organization`,
      );
      return redirectErrorToApp(destinationOf(request), error, headers);
    }
    const transaction = context.state.transactions.add({
      request,
      userId: user.user_id,
      sessionId: login.sessionId,
    });
    return htmlResponse(200, organizationPickerPage(transaction, request.client.name, mine), headers);
  }
  const organization = state.organizations.find((candidate) => candidate.id === request.organization);
  const refused = organization
    ? organizationLoginRefusal(state, organization, user)
    : new OAuthError(400, 'invalid_request', `no organization found for ${request.organization}`);
  return refused ? redirectErrorToApp(destinationOf(request), refused, headers) : undefined;
};
