import { findOrganizationById } from '../../organization-membership.ts';
import { summarizeOrganization } from '../../organization-state.ts';
import type { ClientRecord } from '../../state.ts';
import { findResourceServer, readUser } from '../directory.ts';
import { allowsGrant } from '../endpoints/authorize-request.ts';
import type { LoginContext } from '../login-context.ts';
import { OAuthError } from '../oauth-error.ts';
import { type Params, splitScopes } from '../params.ts';
import { applyRefreshTokenEffects, applySessionEffects } from '../session/login-effects.ts';
import { type TokenResponseBody, tokenResponseBody } from './token-response.ts';

const invalidRefreshToken = () => new OAuthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');

/**
 * `grant_type=refresh_token`: runs the post-login Actions again on the user as the tenant holds them
 * now (that is how metadata changed since login reaches the tokens), then rotates the token when the
 * client is configured for rotation. A denied refresh answers `access_denied` and leaves the
 * presented token as it was; a token that was already rotated revokes its whole family.
 */
export const exchangeRefreshToken = async (
  context: LoginContext,
  client: ClientRecord,
  params: Params,
  httpRequest: Request,
): Promise<TokenResponseBody> => {
  const { state, tenant } = context;
  if (!allowsGrant(client, 'refresh_token')) {
    throw new OAuthError(
      403,
      'unauthorized_client',
      `Grant type 'refresh_token' not allowed for the client.`,
    );
  }
  if (!params.refresh_token) {
    throw new OAuthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
  }
  const leeway = client.refresh_token?.leeway ?? 0;
  const found = state.refreshTokens.inspect(params.refresh_token, client.client_id, leeway);
  if (!found.ok) throw invalidRefreshToken();
  const { grant, familyId } = found;

  // A refresh may narrow the scopes; any it asks for beyond the original grant are dropped, the way
  // `/authorize` drops scopes it will not grant, so an app resending its login scopes still refreshes.
  const asked = splitScopes(params.scope);
  const scopes = asked.length > 0 ? grant.scopes.filter((scope) => asked.includes(scope)) : grant.scopes;
  const user = readUser(tenant, grant.userId);
  const resourceServer =
    grant.audience === undefined ? undefined : findResourceServer(tenant, grant.audience);
  // An organization deleted since the login takes its refresh tokens with it.
  const organization =
    grant.organizationId === undefined ? undefined : findOrganizationById(tenant.state, grant.organizationId);
  if (!user || (grant.audience !== undefined && !resourceServer) || (grant.organizationId && !organization)) {
    state.refreshTokens.revokeFamily(familyId);
    throw invalidRefreshToken();
  }

  // The login session the token came from, while it lives: its methods and metadata reach the event.
  const session =
    grant.sessionId === undefined ? undefined : state.sessions.find((held) => held.sid === grant.sessionId);
  const result = await context.runPostLogin({
    protocol: 'oauth2-refresh-token',
    user,
    client,
    resourceServer,
    // What this exchange asked for; a refresh that names no scope asks for the original grant.
    requestedScopes: asked.length > 0 ? asked : grant.scopes,
    scopes,
    nonce: undefined,
    sessionId: grant.sessionId,
    refreshTokenFamily: familyId,
    request: httpRequest,
    query: {},
    body: params,
    redirectUri: undefined,
    state: undefined,
    simulated: context.simulatedRequest,
    ...(session ? { session: session.value } : {}),
    refreshTokenMetadata: state.refreshTokens.metadataOf(familyId),
    ...(organization ? { organization: summarizeOrganization(organization) } : {}),
  });
  if (result.effects) {
    applySessionEffects(state, session?.handle, session?.value, result.effects);
    if (result.effects.refreshToken.revoked) applyRefreshTokenEffects(state, familyId, result.effects);
  }
  // Auth0 refuses redirects in a refresh-token exchange (the runtime throws them into the Action).
  if (result.ok === 'redirect') throw new OAuthError(500, 'server_error', 'an Action redirected a refresh');
  // MFA needs the user, whom a refresh-token exchange does not have: the exchange fails ("Use
  // Refresh Tokens", Bypass MFA, https://auth0.com/docs/secure/tokens/refresh-tokens/use-refresh-tokens).
  if (result.ok === 'suspended') {
    throw new OAuthError(403, 'mfa_required', 'Multifactor authentication required');
  }
  if (!result.ok) throw result.error;

  const rotate = client.refresh_token?.rotation_type === 'rotating';
  const exchanged = state.refreshTokens.exchange(params.refresh_token, client.client_id, rotate, leeway);
  if (!exchanged.ok) throw invalidRefreshToken();
  // After the exchange, so a rotated token inherits what the Actions set on its family.
  if (result.effects) applyRefreshTokenEffects(state, familyId, result.effects);
  // Without rotation Auth0 does not send the refresh token back: the app keeps the one it has.
  return tokenResponseBody(context, grant.userId, result.tokens, rotate ? exchanged.refreshToken : undefined);
};
