import { MANAGEMENT_API_NAME } from '../../issuer.ts';
import { CURRENT_USER_SCOPES } from '../../management/current-user-scopes.ts';
import type { ClientRecord, ResourceServerRecord } from '../../state.ts';
import type { TenantContext } from '../../tenant-context.ts';
import { defaultAudience, findClient, findResourceServer } from '../directory.ts';
import { isCodeChallenge } from '../grants/pkce.ts';
import { OAuthError } from '../oauth-error.ts';
import { type Params, splitScopes } from '../params.ts';

import { parseResponseType, type ResponseMode, type ResponseType } from './response-types.ts';

export type { ResponseMode, ResponseType } from './response-types.ts';

/** A validated `/authorize` request: every later step trusts these fields. */
export interface AuthorizeRequest {
  client: ClientRecord;
  redirectUri: string;
  /** What the app gets at its redirect URI: a code, tokens, or both (implicit and hybrid flows). */
  responseType: ResponseType;
  responseMode: ResponseMode;
  state: string | undefined;
  nonce: string | undefined;
  /** What the client asked for, in its order, for `event.transaction.requested_scopes`. */
  requestedScopes: string[];
  /** The requested scopes minus those the tenant does not grant. */
  scopes: string[];
  audience: string | undefined;
  resourceServer: ResourceServerRecord | undefined;
  codeChallenge: string | undefined;
  prompt: string[];
  /** Seconds since the user last authenticated beyond which the session does not count (OIDC max_age). */
  maxAge: number | undefined;
  loginHint: string | undefined;
  /** The organization asked for (an id, or a name), or the id an organization prompt settled on. */
  organization: string | undefined;
  /** The raw query, for `event.request.query`. */
  query: Params;
}

/** Where an error can be sent: only once the client and its redirect URI are known to be genuine. */
export interface ErrorDestination {
  redirectUri: string;
  responseMode: ResponseMode;
  state: string | undefined;
}

export type ParsedAuthorize =
  | { ok: true; request: AuthorizeRequest }
  | { ok: false; error: OAuthError; destination: ErrorDestination | undefined };

/** Scopes about the user's profile, served by the tenant itself rather than by an API. */
export const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

export const isPublicClient = (client: ClientRecord): boolean => client.token_endpoint_auth_method === 'none';

/** Auth0 answers web_message only to an origin the app lists in its Allowed Web Origins. */
const listsWebOrigin = (client: ClientRecord, origin: string): boolean =>
  (client.web_origins ?? []).some((url) => URL.canParse(url) && new URL(url).origin === origin);

const isManagementApi = (server: ResourceServerRecord | undefined): boolean =>
  server?.is_system === true && server.name === MANAGEMENT_API_NAME;

/** A client without a `grant_types` list gets Auth0's defaults, which include every grant here. */
export const allowsGrant = (client: ClientRecord, grant: string): boolean =>
  client.grant_types === undefined || client.grant_types.includes(grant);

/**
 * Checks an `/authorize` request the way Auth0 does: an unknown client or a redirect URI outside the
 * client's callbacks is answered on a page (never redirected: that would make the tenant an open
 * redirector); every other problem goes back to the app's redirect URI with `error` and `state`.
 */
export const parseAuthorizeRequest = (tenant: TenantContext, query: Params): ParsedAuthorize => {
  const refuse = (error: OAuthError, destination?: ErrorDestination): ParsedAuthorize => ({
    ok: false,
    error,
    destination,
  });
  const clientId = query.client_id;
  if (!clientId)
    return refuse(new OAuthError(400, 'invalid_request', 'Missing required parameter: client_id'));
  const client = findClient(tenant, clientId);
  if (!client) return refuse(new OAuthError(400, 'invalid_request', `Unknown client: ${clientId}`));
  const redirectUri = query.redirect_uri;
  if (!redirectUri) {
    return refuse(new OAuthError(400, 'invalid_request', 'Missing required parameter: redirect_uri'));
  }
  if (!(client.callbacks ?? []).includes(redirectUri)) {
    return refuse(
      new OAuthError(
        400,
        'invalid_request',
        `Callback URL mismatch. ${redirectUri} is not in the list of allowed callback URLs of client ${clientId}; add it to the client's callbacks in tenant/tenant.yaml`,
      ),
    );
  }

  const kind = parseResponseType(query.response_type, query.response_mode);
  const destination: ErrorDestination = {
    redirectUri,
    responseMode: kind.responseMode,
    state: query.state,
  };
  const fail = (error: OAuthError['error'], description: string) =>
    refuse(new OAuthError(400, error, description), destination);
  if (!kind.ok) return fail(kind.error, kind.description);
  const { responseType } = kind;

  if (responseType.code && !allowsGrant(client, 'authorization_code')) {
    return fail('unauthorized_client', `Grant type 'authorization_code' not allowed for the client.`);
  }
  if (!responseType.code && !allowsGrant(client, 'implicit')) {
    return fail('unauthorized_client', `Grant type 'implicit' not allowed for the client.`);
  }
  const requestedScopes = splitScopes(query.scope);
  if (responseType.idToken && !requestedScopes.includes('openid')) {
    return fail('invalid_request', 'response_type id_token needs the openid scope');
  }
  // OIDC Core 3.2.2.1 and 3.3.2.11: an ID token from the authorization endpoint needs a nonce.
  if (responseType.idToken && !query.nonce) {
    return fail('invalid_request', 'Nonce is required for implicit and hybrid flows that return an id_token');
  }
  if (kind.responseMode === 'web_message' && !listsWebOrigin(client, new URL(redirectUri).origin)) {
    return fail(
      'invalid_request',
      `response_mode=web_message needs ${new URL(redirectUri).origin} in the allowed web origins of client ${clientId}; add it to the client's web_origins in tenant/tenant.yaml`,
    );
  }
  const codeChallenge = query.code_challenge;
  if (!responseType.code) {
    // No code, nothing to exchange: PKCE does not apply.
  } else if (codeChallenge !== undefined) {
    if ((query.code_challenge_method ?? 'plain') !== 'S256') {
      return fail('invalid_request', 'code_challenge_method must be S256');
    }
    if (!isCodeChallenge(codeChallenge)) return fail('invalid_request', 'code_challenge is malformed');
  } else if (isPublicClient(client)) {
    return fail('invalid_request', 'Public clients must use PKCE: send code_challenge with S256');
  }

  const maxAge = query.max_age === undefined ? undefined : Number(query.max_age);
  if (maxAge !== undefined && (!Number.isInteger(maxAge) || maxAge < 0)) {
    return fail('invalid_request', 'max_age must be a whole number of seconds');
  }

  const audience = query.audience || defaultAudience(tenant);
  const resourceServer = audience === undefined ? undefined : findResourceServer(tenant, audience);
  if (audience !== undefined && !resourceServer) {
    return refuse(new OAuthError(403, 'access_denied', `Service not found: ${audience}`), destination);
  }
  return {
    ok: true,
    request: {
      client,
      redirectUri,
      responseType,
      responseMode: kind.responseMode,
      state: query.state,
      nonce: query.nonce,
      requestedScopes,
      scopes: grantableScopes(client, resourceServer, requestedScopes),
      audience,
      resourceServer,
      codeChallenge,
      prompt: splitScopes(query.prompt),
      maxAge,
      loginHint: query.login_hint,
      organization: query.organization || undefined,
      query,
    },
  };
};

/**
 * Auth0 silently drops what it will not grant: API scopes the API does not define, and
 * `offline_access` unless the client may use refresh tokens and the API allows offline access.
 */
export const grantableScopes = (
  client: ClientRecord,
  resourceServer: ResourceServerRecord | undefined,
  requested: readonly string[],
): string[] => {
  // A user's token for the Management API gets only the current_user scopes, for that user alone.
  const apiScopes = new Set<string>(
    isManagementApi(resourceServer)
      ? CURRENT_USER_SCOPES
      : (resourceServer?.scopes ?? []).map((scope) => scope.value),
  );
  const offline =
    allowsGrant(client, 'refresh_token') &&
    (resourceServer === undefined || resourceServer.allow_offline_access);
  return requested.filter((scope) =>
    scope === 'offline_access' ? offline : OIDC_SCOPES.has(scope) || apiScopes.has(scope),
  );
};
