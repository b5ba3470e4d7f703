import { plainResponse } from '../plain-response.ts';

/** OAuth error codes the login endpoints answer with (RFC 6749 5.2, OIDC Core 3.1.2.6). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'mfa_required'
  | 'invalid_token'
  | 'server_error';

/** A refusal the client can act on; it becomes Auth0's `{error, error_description}` body or redirect. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly status: number,
    readonly error: OAuthErrorCode,
    readonly description: string,
  ) {
    super(`${error}: ${description}`);
  }
}

/** Token responses must never be cached (RFC 6749 5.1); errors from those endpoints neither. */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  plainResponse(JSON.stringify(body), status, {
    'content-type': 'application/json; charset=utf-8',
    ...NO_STORE,
    ...headers,
  });

export const oauthErrorResponse = (error: OAuthError, headers: Record<string, string> = {}): Response =>
  jsonResponse(error.status, { error: error.error, error_description: error.description }, headers);

/** Anything that is not an OAuthError is a bug in the local tenant: answer 500 and keep the message. */
export const toOAuthError = (error: unknown): OAuthError =>
  error instanceof OAuthError
    ? error
    : new OAuthError(500, 'server_error', error instanceof Error ? error.message : String(error));
