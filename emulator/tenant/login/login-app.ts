import { type Context, Hono } from 'hono';
import type { TenantEnv } from '../tenant-env.ts';
import { handleAuthorize } from './endpoints/authorize.ts';
import { handleContinue } from './endpoints/continue.ts';
import { loginCors } from './endpoints/cors.ts';
import { discoveryDocument } from './endpoints/discovery.ts';
import { handleConfirmForm, handleConsentForm, handleLoginForm } from './endpoints/forms.ts';
import { handleLogout, handleOidcLogout } from './endpoints/logout.ts';
import { handleMfaForm, handlePromptForm } from './endpoints/suspension-forms.ts';
import { handleToken } from './endpoints/token.ts';
import { handleUserinfo } from './endpoints/userinfo.ts';
import { jsonWebKeySet } from './grants/signing-keys.ts';
import type { LoginContext } from './login-context.ts';
import { jsonResponse } from './oauth-error.ts';
import { handleOrganizationForm } from './organizations/organization-form.ts';
import { LOGIN_PATHS } from './paths.ts';

// The login endpoints (OIDC discovery, JWKS, /authorize and its pages, /continue, /oauth/token,
// /userinfo, logout), mounted at the tenant app's root. They answer only on a local tenant, whose
// bindings carry the login state; on a fake tenant alone they are not there (404), except the token
// endpoint's Management API grant.

type LoginHandler = (login: LoginContext, request: Request) => Promise<Response>;

/** Runs a login endpoint when the tenant logs users in; otherwise the path is unknown there. */
const endpoint =
  (handler: LoginHandler) =>
  (c: Context<TenantEnv>): Promise<Response> | Response =>
    c.env.login ? handler(c.env.login, c.req.raw) : c.notFound();

export const loginApp = new Hono<TenantEnv>()
  .use(LOGIN_PATHS.discovery, loginCors)
  .use(LOGIN_PATHS.jwks, loginCors)
  .use(LOGIN_PATHS.token, loginCors)
  .use(LOGIN_PATHS.userinfo, loginCors)
  .get(
    LOGIN_PATHS.discovery,
    endpoint(async ({ tenant }) =>
      jsonResponse(200, discoveryDocument(tenant.issuer), { 'cache-control': 'max-age=60' }),
    ),
  )
  .get(
    LOGIN_PATHS.jwks,
    endpoint(async ({ state }) =>
      jsonResponse(200, jsonWebKeySet(state.keys), { 'cache-control': 'max-age=60' }),
    ),
  )
  .get(LOGIN_PATHS.authorize, endpoint(handleAuthorize))
  .post(LOGIN_PATHS.loginForm, endpoint(handleLoginForm))
  .post(LOGIN_PATHS.consentForm, endpoint(handleConsentForm))
  .post(LOGIN_PATHS.confirmForm, endpoint(handleConfirmForm))
  .post(LOGIN_PATHS.mfaForm, endpoint(handleMfaForm))
  .post(LOGIN_PATHS.promptForm, endpoint(handlePromptForm))
  .post(LOGIN_PATHS.organizationForm, endpoint(handleOrganizationForm))
  .on(['GET', 'POST'], LOGIN_PATHS.continue, endpoint(handleContinue))
  .post(LOGIN_PATHS.token, (c) => handleToken(c.env.tenant, c.env.login, c.req.raw))
  .on(['GET', 'POST'], LOGIN_PATHS.userinfo, endpoint(handleUserinfo))
  .get(LOGIN_PATHS.logout, endpoint(handleLogout))
  .on(['GET', 'POST'], LOGIN_PATHS.oidcLogout, endpoint(handleOidcLogout));

// Every other method on a login path: CORS preflights (answered above for the cross-origin paths)
// get an empty 204, anything else a 405 naming the methods the path takes.
for (const path of Object.values(LOGIN_PATHS)) {
  const allowed = [
    ...new Set(
      loginApp.routes.filter((route) => route.path === path && route.method !== 'ALL').map((r) => r.method),
    ),
  ];
  loginApp.all(path, (c) => {
    if (!c.env.login && path !== LOGIN_PATHS.token) return c.notFound();
    if (c.req.method === 'OPTIONS') return new Response(null, { status: 204 });
    return jsonResponse(
      405,
      { error: 'invalid_request', error_description: `${c.req.method} ${path} is not supported` },
      { allow: allowed.join(', ') },
    );
  });
}
