import type { LoginContext } from '../login-context.ts';
import type { Params } from '../params.ts';
import type { ContinuingLogin } from '../session/login-state.ts';
import { runActionsAndAnswer } from './finish-login.ts';
import type { PostLoginInput } from './post-login-input.ts';

/**
 * Resumes a login an Action paused, once the user is back (`/continue`) or has completed the page
 * (MFA, form): the flow goes on where `suspended` says, with what this request brought.
 */
export const resumeLogin = (
  context: LoginContext,
  waiting: ContinuingLogin,
  httpRequest: Request,
  brought: {
    query?: Params;
    body: Params;
    prompt?: PostLoginInput['prompt'];
  },
): Promise<Response> =>
  runActionsAndAnswer(context, {
    request: waiting.request,
    userId: waiting.userId,
    sessionId: waiting.sessionId,
    httpRequest,
    headers: {},
    query: brought.query ?? {},
    body: brought.body,
    resume: waiting.suspended,
    ...(brought.prompt ? { prompt: brought.prompt } : {}),
  });
