import { createPublicKey } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManagementClient } from 'auth0';
import express, { type Express } from 'express';
import { claimCheck, auth as jwtBearer, requiredScopes } from 'express-oauth2-jwt-bearer';
import { auth, requiresAuth } from 'express-openid-connect';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import jwksClient from 'jwks-rsa';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginHeadless } from '../../emulator/tenant/login/headless-login.ts';
import type { ClientRecord } from '../../emulator/tenant/state.ts';
import type { ServedTenant } from '../../emulator/tenant/transport.ts';
import { serveLocalTenant } from '../../local/serve-local-tenant.ts';
import {
  ADA,
  API_AUDIENCE,
  CALLBACK,
  createTestTenant,
  type TestTenant,
} from '../emulator/login/local-tenant-fixture.ts';
import { FIXTURE_ACCESS_CLAIM, FIXTURE_ID_CLAIM } from '../fixtures/claims-app/contract.ts';
import { createUserAgent } from './support/user-agent.ts';

// Auth0's own Node libraries against the local tenant served on loopback as `npm start` serves it,
// each configured as its quickstart says with only the domain changed: express-openid-connect 3 (a
// code-flow app with a secret and `auth0Logout`, and the implicit flow with form post it uses without
// one, logging out RP-initiated), express-oauth2-jwt-bearer, jwks-rsa and the auth0 ManagementClient.
// One tenant and one server for the file; the tests run in order.

let test: TestTenant;
let served: ServedTenant;
const servers: Server[] = [];
const tokens: Record<string, string> = {};

/** An Express app on a free loopback port; `build` gets its base URL, as a quickstart's config does. */
const serveApp = async (build: (baseUrl: string) => Express): Promise<string> => {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', build(baseUrl));
  return baseUrl;
};

/** The routes an app team would write on express-openid-connect. */
const webApp = (config: Parameters<typeof auth>[0]): Express => {
  const app = express();
  app.use(auth(config));
  app.get('/', (_req, res) => {
    res.send('home');
  });
  app.get('/profile', requiresAuth(), (req, res) => {
    res.json({
      user: req.oidc.user,
      claims: req.oidc.idTokenClaims,
      idToken: req.oidc.idToken,
      accessToken: req.oidc.accessToken?.access_token,
      refreshToken: req.oidc.refreshToken,
    });
  });
  app.get('/userinfo', requiresAuth(), async (req, res) => {
    res.json(await req.oidc.fetchUserInfo());
  });
  app.get('/refresh', requiresAuth(), async (req, res) => {
    const refreshed = await req.oidc.accessToken?.refresh();
    res.json({ accessToken: refreshed?.access_token });
  });
  return app;
};

const client = (id: string, baseUrl: string, grants: string[]): ClientRecord => ({
  client_id: id,
  client_secret: `${id}-secret`,
  name: id,
  app_type: 'regular_web',
  is_first_party: true,
  token_endpoint_auth_method: 'client_secret_post',
  callbacks: [`${baseUrl}/callback`],
  allowed_logout_urls: [baseUrl],
  grant_types: grants,
});

let codeApp = '';
let implicitApp = '';
let api = '';

beforeAll(async () => {
  test = await createTestTenant();
  served = await serveLocalTenant(test.tenant, 0);
  const { state } = test.tenant;
  const issuerBaseURL = served.url;
  codeApp = await serveApp((baseURL) =>
    webApp({
      issuerBaseURL,
      baseURL,
      clientID: 'web-code',
      clientSecret: 'web-code-secret',
      secret: 'a long, randomly-generated string stored in env',
      authRequired: false,
      auth0Logout: true,
      authorizationParams: {
        response_type: 'code',
        audience: API_AUDIENCE,
        scope: 'openid profile email offline_access read:preferences',
      },
    }),
  );
  implicitApp = await serveApp((baseURL) =>
    webApp({
      issuerBaseURL,
      baseURL,
      clientID: 'web-implicit',
      secret: 'a long, randomly-generated string stored in env',
      authRequired: false,
      idpLogout: true,
    }),
  );
  api = await serveApp(() => {
    const app = express();
    app.get(
      '/api/preferences',
      jwtBearer({ audience: API_AUDIENCE, issuerBaseURL }),
      requiredScopes('read:preferences'),
      claimCheck((claims) => typeof claims[FIXTURE_ACCESS_CLAIM] === 'object'),
      (req, res) => {
        res.json(req.auth?.payload);
      },
    );
    return app;
  });
  state.clients.push(
    client('web-code', codeApp, ['authorization_code', 'refresh_token']),
    client('web-implicit', implicitApp, ['implicit']),
  );
  state.connections[0]?.enabled_clients.push('web-code', 'web-implicit');
  state.clientGrants.push({
    id: 'cgr_management',
    client_id: test.m2mClientId,
    audience: test.tenant.context.managementAudience,
    scope: ['read:users', 'update:users'],
  });
});

afterAll(async () => {
  await Promise.all(
    servers.map((server) => new Promise((resolve) => server.close(resolve).closeAllConnections())),
  );
  await served?.close();
});

const getJson = async (agent: ReturnType<typeof createUserAgent>, url: string) => {
  const page = await agent.visit(url);
  expect(page.status, page.text.slice(0, 300)).toBe(200);
  return JSON.parse(page.text);
};

const tenantAnswered = (path: string) =>
  test.tenant.requests.filter((request) => request.path === path).map((request) => request.status);

describe("Auth0's SDKs against the local tenant, configured as their quickstarts say", () => {
  it('Auth0 is the OpenID Provider express-openid-connect 3 expects: code flow, claims, userinfo, an API call, refresh, auth0Logout', async () => {
    const agent = createUserAgent(ADA.email ?? '');
    const landed = await agent.visit(`${codeApp}/login`);
    expect(landed.url.href).toBe(`${codeApp}/`);
    const profile = await getJson(agent, `${codeApp}/profile`);
    expect(profile.user).toMatchObject({ sub: ADA.user_id, email: ADA.email });
    expect(profile.claims.iss).toBe(`${served.url}/`);
    expect(profile.claims[FIXTURE_ID_CLAIM]).toMatchObject({ display_name: 'Ada L.' });
    expect(profile.refreshToken).toEqual(expect.any(String));
    tokens.idToken = profile.idToken;
    tokens.accessToken = profile.accessToken;

    expect(await getJson(agent, `${codeApp}/userinfo`)).toMatchObject({ sub: ADA.user_id, email: ADA.email });

    const call = (token: string) =>
      fetch(`${api}/api/preferences`, { headers: { authorization: `Bearer ${token}` } });
    const answer = await call(profile.accessToken);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ sub: ADA.user_id, iss: `${served.url}/` });
    expect((await call('not-a-token')).status).toBe(401);

    // A refresh in the same second as the login may sign the very same bytes (Auth0's access tokens
    // carry no jti), so the exchange is proven by the tenant's answer, not by a different token.
    const exchangesBefore = tenantAnswered('/oauth/token').length;
    const { accessToken } = await getJson(agent, `${codeApp}/refresh`);
    expect(tenantAnswered('/oauth/token').slice(exchangesBefore)).toEqual([200]);
    expect((await call(accessToken)).status).toBe(200);
    tokens.refreshedAccessToken = accessToken;

    const out = await agent.visit(`${codeApp}/logout`);
    expect(out.url.href).toBe(`${codeApp}/`);
    expect(tenantAnswered('/v2/logout')).toEqual([302]);
    // The tenant session ended too: the next login shows the login page again.
    const logins = tenantAnswered('/u/login').length;
    await agent.visit(`${codeApp}/login`);
    expect(tenantAnswered('/u/login')).toHaveLength(logins + 1);
  });

  it('Auth0 serves express-openid-connect without a secret: implicit flow with form post, RP-initiated logout', async () => {
    const agent = createUserAgent(ADA.email ?? '');
    expect((await agent.visit(`${implicitApp}/login`)).url.href).toBe(`${implicitApp}/`);
    const profile = await getJson(agent, `${implicitApp}/profile`);
    expect(profile.claims).toMatchObject({
      sub: ADA.user_id,
      aud: 'web-implicit',
      nonce: expect.any(String),
    });
    tokens.implicitIdToken = profile.idToken;

    const out = await agent.visit(`${implicitApp}/logout`);
    expect(out.url.href).toBe(`${implicitApp}/`);
    expect(tenantAnswered('/oidc/logout')).toEqual([302]);
  });

  it('openid-client, the certified relying party: discovery, code flow with PKCE, claims, userinfo, refresh', async () => {
    const config = await oidc.discovery(new URL(served.url), test.spaClientId, undefined, oidc.None(), {
      execute: [oidc.allowInsecureRequests],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const state = oidc.randomState();
    const start = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid profile email offline_access read:preferences',
      audience: API_AUDIENCE,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    const back = await createUserAgent(ADA.email ?? '').visit(start, CALLBACK);
    const grant = await oidc.authorizationCodeGrant(config, back.url, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
    });
    expect(grant.claims()).toMatchObject({ iss: `${served.url}/`, sub: ADA.user_id, nonce });
    const userinfo = await oidc.fetchUserInfo(config, grant.access_token, ADA.user_id ?? '');
    expect(userinfo).toMatchObject({ email: ADA.email });
    const refreshed = await oidc.refreshTokenGrant(config, grant.refresh_token ?? '');
    expect(refreshed.claims()?.sub).toBe(ADA.user_id);
    // The SPA client rotates its refresh tokens.
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(grant.refresh_token);
  });

  it('the auth0 ManagementClient reads and writes a user with client credentials', async () => {
    const { domain } = test.tenant;
    const management = new ManagementClient({
      domain,
      clientId: test.m2mClientId,
      clientSecret: test.m2mSecret,
      // The SDK speaks only https to a host name; the local tenant answers http on loopback.
      fetch: (url, init) => fetch(String(url).replace(`https://${domain}`, served.url), init),
    });
    const user = await management.users.get(ADA.user_id ?? '');
    expect(user.email).toBe(ADA.email);
    await management.users.update(ADA.user_id ?? '', { user_metadata: { display_name: 'Ada' } });
    expect((await management.users.get(ADA.user_id ?? '')).user_metadata).toMatchObject({
      display_name: 'Ada',
    });
  });

  it('Auth0 issues every kind of token verifiable with jwks-rsa against its JWKS', async () => {
    const form = (fields: Record<string, string>) =>
      fetch(`${served.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      }).then((response) => response.json());
    const m2m = {
      grant_type: 'client_credentials',
      client_id: test.m2mClientId,
      client_secret: test.m2mSecret,
    };
    tokens.apiClientCredentials = (await form({ ...m2m, audience: API_AUDIENCE })).access_token;
    tokens.managementClientCredentials = (
      await form({ ...m2m, audience: test.tenant.context.managementAudience })
    ).access_token;
    const spaLogin = await loginHeadless({
      baseUrl: served.url,
      clientId: test.spaClientId,
      redirectUri: CALLBACK,
      audience: test.tenant.context.managementAudience,
      scope: 'openid read:current_user read:users',
      user: ADA.email ?? '',
    });
    tokens.managementUserToken = spaLogin.tokens.access_token;
    tokens.spaIdToken = spaLogin.tokens.id_token ?? '';

    const keys = jwksClient({ jwksUri: `${served.url}/.well-known/jwks.json` });
    expect(Object.keys(tokens).sort()).toEqual(
      [
        'accessToken',
        'apiClientCredentials',
        'idToken',
        'implicitIdToken',
        'managementClientCredentials',
        'managementUserToken',
        'refreshedAccessToken',
        'spaIdToken',
      ].sort(),
    );
    for (const [kind, token] of Object.entries(tokens)) {
      const header = decodeProtectedHeader(token);
      expect(header, kind).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
      const key = await keys.getSigningKey(header.kid);
      const { payload } = await jwtVerify(token, createPublicKey(key.getPublicKey()), {
        issuer: `${served.url}/`,
        algorithms: ['RS256'],
      });
      expect(payload.iss, kind).toBe(`${served.url}/`);
    }
    expect(decodeJwt(tokens.managementUserToken ?? '').scope).toBe('openid read:current_user');
  });
});
