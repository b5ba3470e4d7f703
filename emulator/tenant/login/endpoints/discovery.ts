import { LOGIN_PATHS } from '../paths.ts';
import { RESPONSE_MODES, RESPONSE_TYPES } from './response-types.ts';

/**
 * The OIDC discovery document, with the fields Auth0's carries that clients read. `issuer` ends with
 * a slash, as Auth0's does, and is the URL the tenant is served at: every endpoint is under it.
 */
export const discoveryDocument = (issuer: string) => {
  const at = (path: string) => new URL(path, issuer).toString();
  return {
    issuer,
    authorization_endpoint: at(LOGIN_PATHS.authorize),
    token_endpoint: at(LOGIN_PATHS.token),
    userinfo_endpoint: at(LOGIN_PATHS.userinfo),
    jwks_uri: at(LOGIN_PATHS.jwks),
    end_session_endpoint: at(LOGIN_PATHS.oidcLogout),
    scopes_supported: ['openid', 'profile', 'offline_access', 'name', 'nickname', 'picture', 'email'],
    response_types_supported: [...RESPONSE_TYPES],
    response_modes_supported: [...RESPONSE_MODES],
    grant_types_supported: ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256'],
    claims_supported: [
      'aud',
      'email',
      'email_verified',
      'exp',
      'iat',
      'iss',
      'name',
      'nickname',
      'picture',
      'sub',
      'updated_at',
    ],
    request_uri_parameter_supported: false,
  };
};

export type DiscoveryDocument = ReturnType<typeof discoveryDocument>;
