import { canonicalAudience } from '../../issuer.ts';
import { managementClientCredentials } from '../../management/token.ts';
import type { TenantContext } from '../../tenant-context.ts';
import { exchangeAuthorizationCode } from '../grants/authorization-code.ts';
import { authenticateClient } from '../grants/client-auth.ts';
import { exchangeClientCredentials } from '../grants/client-credentials.ts';
import { exchangeRefreshToken } from '../grants/refresh-token.ts';
import type { LoginContext } from '../login-context.ts';
import { jsonResponse, OAuthError } from '../oauth-error.ts';
import { readParams } from '../params.ts';
import { clientAllowsOrigin } from './cors.ts';

/**
 * `POST /oauth/token`, form-encoded or JSON; every refusal is Auth0's `{error, error_description}`.
 * Client credentials for the Management API stay with the Management API's own grant, whose tokens it
 * checks; the other grants need the login side of a local tenant.
 */
export const handleToken = async (
  tenant: TenantContext,
  login: LoginContext | undefined,
  request: Request,
): Promise<Response> => {
  const params = await readParams(request);
  const grantType = params.grant_type;
  if (!grantType) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type');
  const audience = params.audience === undefined ? undefined : canonicalAudience(tenant, params.audience);
  if (grantType === 'client_credentials' && (!login || audience === tenant.managementAudience)) {
    return managementClientCredentials(tenant, params, request);
  }
  if (!login) throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  const client = authenticateClient(tenant, request, params);
  // Auth0 refuses a browser's token call from an origin the calling app does not list, even one
  // another app of the tenant lists; before any grant is used, so the code or token stays good.
  const origin = request.headers.get('origin');
  if (origin !== null && !clientAllowsOrigin(client, origin)) {
    throw new OAuthError(
      401,
      'access_denied',
      `Origin ${origin} is not allowed for client ${client.client_id}; add it to the client's web_origins in tenant/tenant.yaml`,
    );
  }
  switch (grantType) {
    case 'authorization_code':
      return jsonResponse(200, await exchangeAuthorizationCode(login, client, params, request));
    case 'refresh_token':
      return jsonResponse(200, await exchangeRefreshToken(login, client, params, request));
    case 'client_credentials':
      return jsonResponse(200, await exchangeClientCredentials(login, client, params));
    default:
      throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
  }
};
