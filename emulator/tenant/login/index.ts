// The local tenant's login endpoints: every name other parts of the project import.
export type { CodeGrant, RedeemResult } from './authorization-codes.ts';
export { AUTHORIZATION_CODE_LIFETIME_MS, AuthorizationCodes } from './authorization-codes.ts';
export type {
  AuthorizeRequest,
  ErrorDestination,
  ParsedAuthorize,
  ResponseMode,
} from './authorize-request.ts';
export { grantableScopes, parseAuthorizeRequest } from './authorize-request.ts';
export type { Clock } from './clock.ts';
export { ConsentGrants, isLocalhostRedirect, needsConsent } from './consent.ts';
export type { DiscoveryDocument } from './discovery.ts';
export { discoveryDocument, LOGIN_PATHS } from './discovery.ts';
export type { HeadlessLogin, HeadlessLoginOptions } from './headless-login.ts';
export { loginHeadless } from './headless-login.ts';
export type { LoginContext, LoginOptions, ManagementGrant } from './login-context.ts';
export type {
  BoundAction,
  LoginClient,
  LoginConnection,
  LoginDirectory,
  LoginResourceServer,
  LoginUser,
  MetadataWrites,
} from './login-directory.ts';
export { buildLoginEvent } from './login-event.ts';
export type { LoginExtensionOptions } from './login-extension.ts';
export { loginExtension } from './login-extension.ts';
export type {
  LoginProtocol,
  LoginTokens,
  PostLoginInput,
  PostLoginResult,
  RunPostLogin,
} from './login-flow.ts';
export type { LoginEndpoints, LoginEndpointsOptions } from './login-routes.ts';
export { createLoginEndpoints, LOGIN_ROUTES } from './login-routes.ts';
export type { LoginSession, LoginState } from './login-state.ts';
export type { OAuthErrorCode } from './oauth-errors.ts';
export { OAuthError } from './oauth-errors.ts';
export { s256Challenge, verifyCodeVerifier } from './pkce.ts';
export type { PostLoginRunnerOptions } from './post-login-runner.ts';
export { createPostLoginRunner } from './post-login-runner.ts';
export type { RefreshExchange, RefreshGrant } from './refresh-tokens.ts';
export { RefreshTokens } from './refresh-tokens.ts';
export type { JsonWebKeySet, SigningKeys } from './signing-keys.ts';
export { createSigningKeys, jsonWebKeySet } from './signing-keys.ts';
export { tenantDirectory } from './tenant-directory.ts';
export type { TokenResponseBody } from './token-response.ts';
