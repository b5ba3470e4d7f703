import type { ClientRecord } from '../../state.ts';
import { clientGrantScopes, defaultAudience, findResourceServer } from '../directory.ts';
import { allowsGrant, isPublicClient } from '../endpoints/authorize-request.ts';
import type { LoginContext } from '../login-context.ts';
import { OAuthError } from '../oauth-error.ts';
import { type Params, splitScopes } from '../params.ts';
import { signToken } from './signing-keys.ts';
import type { TokenResponseBody } from './token-response.ts';

// Auth0's default lifetime of an API's access tokens.
const DEFAULT_TOKEN_LIFETIME_S = 86_400;

/**
 * `grant_type=client_credentials`: a confidential client gets an access token for an API only
 * through a client grant for that API, with at most the scopes the grant lists. No user, so no
 * post-login Actions.
 */
export const exchangeClientCredentials = async (
  context: LoginContext,
  client: ClientRecord,
  params: Params,
): Promise<TokenResponseBody> => {
  const { tenant, state } = context;
  if (isPublicClient(client) || !allowsGrant(client, 'client_credentials')) {
    throw new OAuthError(
      403,
      'unauthorized_client',
      `Grant type 'client_credentials' not allowed for the client.`,
    );
  }
  const audience = params.audience || defaultAudience(tenant);
  if (!audience) {
    throw new OAuthError(
      403,
      'access_denied',
      'No audience parameter was provided, and no default audience has been configured',
    );
  }
  const resourceServer = findResourceServer(tenant, audience);
  if (!resourceServer) throw new OAuthError(403, 'access_denied', `Service not found: ${audience}`);
  const granted = clientGrantScopes(tenant, client.client_id, audience);
  if (!granted) {
    throw new OAuthError(
      403,
      'access_denied',
      `Client is not authorized to access "${audience}". You need to create a "client-grant" associated to this API.`,
    );
  }
  const asked = splitScopes(params.scope);
  const scopes = asked.length > 0 ? asked.filter((scope) => granted.includes(scope)) : granted;

  const iat = Math.floor(state.clock() / 1000);
  const expiresIn = resourceServer.token_lifetime ?? DEFAULT_TOKEN_LIFETIME_S;
  const accessToken = await signToken(state.keys, {
    iss: tenant.issuer,
    sub: `${client.client_id}@clients`,
    aud: audience,
    iat,
    exp: iat + expiresIn,
    scope: scopes.join(' '),
    gty: 'client-credentials',
    azp: client.client_id,
  });
  return { access_token: accessToken, scope: scopes.join(' '), expires_in: expiresIn, token_type: 'Bearer' };
};
