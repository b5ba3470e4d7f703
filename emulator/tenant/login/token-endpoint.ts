import { authenticateClient } from './client-auth.ts';
import { clientAllowsOrigin } from './cors.ts';
import { exchangeAuthorizationCode } from './grant-authorization-code.ts';
import { exchangeClientCredentials } from './grant-client-credentials.ts';
import { exchangeRefreshToken } from './grant-refresh-token.ts';
import type { LoginContext } from './login-context.ts';
import { jsonResponse, OAuthError, oauthErrorResponse, toOAuthError } from './oauth-errors.ts';
import { readParams } from './request-params.ts';

/** `POST /oauth/token`, form-encoded or JSON; every refusal is Auth0's `{error, error_description}`. */
export const handleToken = async (context: LoginContext, request: Request): Promise<Response> => {
  try {
    const params = await readParams(request);
    const grantType = params.grant_type;
    if (!grantType) throw new OAuthError(400, 'invalid_request', 'Missing required parameter: grant_type');
    const management = context.managementGrant;
    if (grantType === 'client_credentials' && management && params.audience === management.audience) {
      return await management.answer(params, request);
    }
    const client = authenticateClient(context.directory, request, params);
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
        return jsonResponse(200, await exchangeAuthorizationCode(context, client, params, request));
      case 'refresh_token':
        return jsonResponse(200, await exchangeRefreshToken(context, client, params, request));
      case 'client_credentials':
        return jsonResponse(200, await exchangeClientCredentials(context, client, params));
      default:
        throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
    }
  } catch (error) {
    return oauthErrorResponse(toOAuthError(error));
  }
};
