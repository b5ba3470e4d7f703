import { recordEnrollment } from '../directory.ts';
import type { LoginContext } from '../login-context.ts';
import { errorPage, htmlResponse } from '../pages/pages.ts';
import { offeredFactors } from '../pages/suspension-pages.ts';
import { readParams } from '../params.ts';
import { resumeLogin } from '../post-login/resume-login.ts';
import { withMethods } from '../session/login-effects.ts';
import type { ContinuingLogin } from '../session/login-state.ts';

// `POST /u/mfa` and `POST /u/form`: the user completed what a post-login Action paused the login
// for, and the flow resumes as on Auth0: after MFA, with the Action after the one that asked (the
// session now has `mfa` among its methods); after a form, in the rendering Action's
// `onContinuePostLogin`, with what the form collected as `event.prompt.fields`.

const expired = (): Response =>
  htmlResponse(
    400,
    errorPage('invalid_request', 'This step has expired or was already completed; start again from the app.'),
  );

/** Takes the paused login the form's state names, once. */
const takeWaiting = (
  context: LoginContext,
  state: string | undefined,
  kinds: readonly string[],
): ContinuingLogin | undefined => {
  const waiting = context.state.continuations.get(state);
  if (!waiting || !kinds.includes(waiting.suspended.kind)) return undefined;
  context.state.continuations.delete(state);
  return waiting;
};

export const handleMfaForm = async (context: LoginContext, httpRequest: Request): Promise<Response> => {
  const params = await readParams(httpRequest);
  const waiting = context.state.continuations.get(params.state);
  if (!waiting?.suspended.kind.startsWith('mfa-')) return expired();
  const factor = params.factor ?? '';
  const offered = offeredFactors(waiting.suspended);
  if (!offered.includes(factor)) {
    return htmlResponse(
      400,
      errorPage(
        'invalid_request',
        `Pick one of the factors offered: ${offered.join(', ')} (got "${factor}").`,
      ),
    );
  }
  takeWaiting(context, params.state, ['mfa-challenge', 'mfa-enrollment']);
  if (waiting.suspended.kind === 'mfa-enrollment') recordEnrollment(context.tenant, waiting.userId, factor);
  const session = context.state.sessions.get(waiting.sessionId);
  if (session) {
    const timestamp = new Date(context.state.clock()).toISOString();
    session.methods = withMethods(session.methods, [{ name: 'mfa', timestamp, type: factor }]);
  }
  return resumeLogin(context, waiting, httpRequest, { body: params });
};

/**
 * What a form page collected: `field.<name>` inputs, then `name=value` lines of `more_fields` (names
 * and values trimmed; a line without a name is skipped); a later one wins.
 */
export const collectedFields = (params: Record<string, string>): Record<string, string> => {
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith('field.')) fields.set(key.slice('field.'.length), value);
  }
  for (const line of (params.more_fields ?? '').split(/\r?\n/)) {
    const at = line.indexOf('=');
    const name = at < 0 ? '' : line.slice(0, at).trim();
    if (name !== '') fields.set(name, line.slice(at + 1).trim());
  }
  // fromEntries defines own properties, so a field named `__proto__` stays a field.
  return Object.fromEntries(fields);
};

export const handlePromptForm = async (context: LoginContext, httpRequest: Request): Promise<Response> => {
  const params = await readParams(httpRequest);
  const waiting = takeWaiting(context, params.state, ['prompt']);
  if (!waiting) return expired();
  const rendered = waiting.suspended.prompt ?? { id: '' };
  return resumeLogin(context, waiting, httpRequest, {
    body: params,
    prompt: {
      id: rendered.id,
      fields: collectedFields(params),
      ...(rendered.vars ? { vars: rendered.vars } : {}),
    },
  });
};
