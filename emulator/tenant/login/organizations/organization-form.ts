import { organizationsOfUser } from '../../organization-membership.ts';
import type { LoginContext } from '../login-context.ts';
import { errorPage, htmlResponse } from '../pages/pages.ts';
import { readParams } from '../params.ts';
import { LOGIN_PATHS } from '../paths.ts';
import { completeLogin } from '../post-login/finish-login.ts';
import { organizationNamePage, organizationPickerPage } from './organization-prompt.ts';

/**
 * `POST /u/organization`: what the user answered on an organization prompt. Before the login (a name
 * typed in), `/authorize` starts again with that organization's id; after it (one of the user's
 * organizations picked), the login goes on in that organization.
 */
export const handleOrganizationForm = async (
  context: LoginContext,
  httpRequest: Request,
): Promise<Response> => {
  const { state, tenant } = context;
  const params = await readParams(httpRequest);
  const transaction = state.transactions.get(params.state);
  if (!transaction) {
    return htmlResponse(
      400,
      errorPage('invalid_request', 'This login has expired or was already used; start again from the app.'),
    );
  }
  const { request, userId, sessionId } = transaction;
  const answer = (params.organization ?? '').trim();
  if (userId === undefined || sessionId === undefined) {
    const organization = tenant.state.organizations.find(
      (candidate) => candidate.name === answer.toLowerCase() || candidate.id === answer,
    );
    if (!organization) {
      const problem = `No organization is named ${answer || '(empty)'}; check the name and try again.`;
      return htmlResponse(400, organizationNamePage(params.state ?? '', request.client.name, problem));
    }
    state.transactions.delete(params.state);
    const again = new URL(LOGIN_PATHS.authorize, httpRequest.url);
    for (const [key, value] of Object.entries(request.query))
      if (value !== undefined) again.searchParams.set(key, value);
    again.searchParams.set('organization', organization.id);
    return new Response(null, {
      status: 302,
      headers: { location: again.toString(), 'cache-control': 'no-store' },
    });
  }
  const mine = organizationsOfUser(tenant.state, userId);
  const picked = mine.find(
    (organization) => organization.id === answer || organization.name === answer.toLowerCase(),
  );
  if (!picked)
    return htmlResponse(400, organizationPickerPage(params.state ?? '', request.client.name, mine));
  state.transactions.delete(params.state);
  return completeLogin(context, {
    request: { ...request, organization: picked.id },
    userId,
    sessionId,
    httpRequest,
    headers: {},
    autoConsent: false,
    interacted: true,
  });
};
