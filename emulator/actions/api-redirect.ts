import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../../core/json.ts';
import type { PostLoginApi } from '../../core/post-login-types.ts';
import type { ApiDeps } from './api-deps.ts';
import { cloneJson } from './json.ts';

import { redirectRefusal } from './redirect-rules.ts';
import {
  DEFAULT_REDIRECT_TOKEN_SECONDS,
  DEFAULT_TOKEN_PARAMETER,
  encodeRedirectToken,
  validateRedirectToken,
} from './redirect-tokens.ts';

/** What the redirect methods need from the `api` they belong to. */
export interface RedirectApiDeps extends ApiDeps {
  /** The state Auth0 appends to the redirect URL; a random one when not given. */
  redirectState: string | undefined;
  /** Set while `onContinuePostLogin` runs: the state of the /continue request. */
  continueState: string | undefined;
}

const HIDDEN = '[hidden]';
/** The options as recorded: the secret never reaches the record, which tests and logs print. */
const withoutSecret = (options: unknown): unknown =>
  typeof options === 'object' && options !== null ? { ...options, secret: HIDDEN } : options;

const secretOf = (options: unknown): string | undefined => {
  const secret = (options as { secret?: unknown } | null | undefined)?.secret;
  return typeof secret === 'string' && secret !== '' ? secret : undefined;
};

/** `api.redirect`: `sendUserTo` (refused where Auth0 refuses it), `encodeToken`, `validateToken`. */
export const createRedirectApi = (deps: RedirectApiDeps): PostLoginApi['redirect'] => {
  const { event, record, errors, note, fail, late } = deps;

  const sendUserTo: PostLoginApi['redirect']['sendUserTo'] = (url, options) => {
    const args = options === undefined ? [url] : [url, options];
    if (late('redirect.sendUserTo', args)) return deps.self();
    let target: URL;
    try {
      target = new URL(String(url));
    } catch {
      return fail(
        'redirect.sendUserTo',
        args,
        new errors.TypeError(`"${String(url)}" is not an absolute URL.`),
      );
    }
    for (const [key, value] of Object.entries(options?.query ?? {}))
      target.searchParams.set(key, String(value));
    const refusal = redirectRefusal(event);
    if (refusal !== undefined) {
      record.redirect = { url: target.href, refused: refusal };
      return fail('redirect.sendUserTo', args, new errors.Error(refusal), 'refused');
    }
    // Auth0 adds the transaction's state; the external site sends it back to /continue.
    const state = deps.redirectState ?? randomBytes(16).toString('base64url');
    target.searchParams.set('state', state);
    record.redirect = { url: target.href, state };
    note('redirect.sendUserTo', args, 'applied');
    return deps.self();
  };

  const encodeToken: PostLoginApi['redirect']['encodeToken'] = (options) => {
    const args = [withoutSecret(options)];
    const secret = secretOf(options);
    if (secret === undefined) {
      return fail(
        'redirect.encodeToken',
        args,
        new errors.TypeError('encodeToken needs a non-empty secret.'),
      );
    }
    const expiresInSeconds = options.expiresInSeconds ?? DEFAULT_REDIRECT_TOKEN_SECONDS;
    if (!Number.isInteger(expiresInSeconds) || expiresInSeconds <= 0) {
      return fail(
        'redirect.encodeToken',
        args,
        new errors.TypeError('expiresInSeconds must be a positive whole number of seconds.'),
      );
    }
    let payload: unknown;
    try {
      payload = cloneJson(options.payload ?? {});
    } catch {
      payload = undefined;
    }
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return fail(
        'redirect.encodeToken',
        args,
        new errors.TypeError('encodeToken needs a JSON object as payload.'),
      );
    }
    const token = encodeRedirectToken({
      secret,
      payload: payload as JsonObject,
      expiresInSeconds,
      domain: deps.domain,
      userId: event.user.user_id,
      ip: event.request.ip,
      now: deps.now(),
    });
    note('redirect.encodeToken', args, 'applied');
    return token;
  };

  const validateToken: PostLoginApi['redirect']['validateToken'] = (options) => {
    const args = [withoutSecret(options)];
    const invalid = (reason: string): never =>
      fail('redirect.validateToken', args, new errors.Error(`The session token is invalid: ${reason}`));
    const secret = secretOf(options);
    if (secret === undefined) {
      return fail(
        'redirect.validateToken',
        args,
        new errors.TypeError('validateToken needs a non-empty secret.'),
      );
    }
    if (deps.continueState === undefined) {
      return fail(
        'redirect.validateToken',
        args,
        new errors.Error('validateToken reads the /continue request: call it in onContinuePostLogin.'),
      );
    }
    const name = options.tokenParameterName ?? DEFAULT_TOKEN_PARAMETER;
    const found = event.request.query[name] ?? event.request.body[name];
    if (typeof found !== 'string' || found === '') {
      return invalid(`the /continue request carries no ${name} parameter.`);
    }
    const checked = validateRedirectToken({
      token: found,
      secret,
      state: deps.continueState,
      userId: event.user.user_id,
      now: deps.now(),
    });
    if (!checked.ok) return invalid(checked.reason);
    note('redirect.validateToken', args, 'applied');
    return checked.payload;
  };

  // "Indicates if the current transaction is eligible for a user redirect."
  const canRedirect = (): boolean => {
    note('redirect.canRedirect', [], 'applied');
    return redirectRefusal(event) === undefined;
  };

  return { sendUserTo, canRedirect, encodeToken, validateToken };
};
