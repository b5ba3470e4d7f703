/** Paths of the login endpoints, shared by the router, the pages and the discovery document. */
export const LOGIN_PATHS = {
  discovery: '/.well-known/openid-configuration',
  jwks: '/.well-known/jwks.json',
  authorize: '/authorize',
  loginForm: '/u/login',
  consentForm: '/u/consent',
  confirmForm: '/u/login-confirmation',
  mfaForm: '/u/mfa',
  promptForm: '/u/form',
  organizationForm: '/u/organization',
  continue: '/continue',
  token: '/oauth/token',
  userinfo: '/userinfo',
  logout: '/v2/logout',
  oidcLogout: '/oidc/logout',
} as const;

const ALL_PATHS = new Set<string>(Object.values(LOGIN_PATHS));

export const isLoginPath = (pathname: string): boolean => ALL_PATHS.has(pathname.replace(/(.)\/+$/, '$1'));
