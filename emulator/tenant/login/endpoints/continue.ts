import type { LoginContext } from '../login-context.ts';
import { errorPage, htmlResponse } from '../pages/pages.ts';
import { readParams } from '../params.ts';
import { resumeLogin } from '../post-login/resume-login.ts';

/**
 * `GET|POST /continue`: the user is back from the site an Action redirected to, with the state the
 * redirect carried (Auth0 asks for a POST when a session token comes back, against replay). The
 * redirecting Action's `onContinuePostLogin` runs, then the Actions after it, and the login ends as
 * any other. A state is good for one return only.
 */
export const handleContinue = async (context: LoginContext, httpRequest: Request): Promise<Response> => {
  const query = Object.fromEntries(new URL(httpRequest.url).searchParams);
  const body = httpRequest.method === 'POST' ? await readParams(httpRequest) : {};
  const stateParam = query.state ?? body.state;
  const waiting = context.state.continuations.get(stateParam);
  // Only a redirect resumes here: an MFA or form state must be completed on its own page.
  if (waiting?.suspended.kind !== 'redirect') {
    return htmlResponse(
      400,
      errorPage(
        'invalid_request',
        'Unknown or expired state at /continue: send back the state the redirect carried, once, within 15 minutes.',
      ),
    );
  }
  context.state.continuations.delete(stateParam);
  return resumeLogin(context, waiting, httpRequest, { query, body });
};
