import type { Context } from 'hono';
import type { PatchError } from './parse-patch.ts';
import type { LogVariables } from './request-log.ts';

type ApiContext = Context<{ Variables: LogVariables }>;

// Every refusal is JSON `{error, message}` (plus `field` for a bad body), and its code is logged.

export const badRequest = (c: ApiContext, problem: PatchError) => {
  c.set('errorCode', problem.error);
  return c.json(problem, 400);
};

export const refuse = (
  c: ApiContext,
  status: 401 | 403 | 404 | 405 | 429 | 500 | 502 | 503,
  error: string,
  message: string,
  headers: Record<string, string> = {},
) => {
  c.set('errorCode', error);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json({ error, message }, status);
};
