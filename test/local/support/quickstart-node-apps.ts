import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManagementClient } from 'auth0';
import express, { type Express } from 'express';
import { auth as jwtBearer, requiredScopes } from 'express-oauth2-jwt-bearer';
import openidConnect from 'express-openid-connect';

// Auth0's Node quickstarts as an app team writes them, in a process of their own started with
// NODE_EXTRA_CA_CERTS (as `npm start -- --https` tells a team to): a regular web app on
// express-openid-connect, an API on express-oauth2-jwt-bearer, and the auth0 ManagementClient, each
// given the local tenant's domain alone (`127.0.0.1:<port>`), exactly where Auth0's domain goes.
// Prints `{ webApp, api }` once both listen; runs until killed.

// A CommonJS package whose exports Node's ES module loader cannot all name (requiresAuth).
const { auth, requiresAuth } = openidConnect;

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`quickstart-node-apps: ${name} is not set`);
  return value;
};

const DOMAIN = env('AUTH0_DOMAIN');
const AUDIENCE = env('API_AUDIENCE');

const listen = async (build: (baseUrl: string) => Express): Promise<string> => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('request', build(baseUrl));
  return baseUrl;
};

const webApp = await listen((baseURL) => {
  const app = express();
  app.use(
    auth({
      issuerBaseURL: `https://${DOMAIN}`,
      baseURL,
      clientID: env('WEB_CLIENT_ID'),
      clientSecret: env('WEB_CLIENT_SECRET'),
      secret: 'a long, randomly-generated string stored in env',
      authRequired: false,
      auth0Logout: true,
      authorizationParams: {
        response_type: 'code',
        audience: AUDIENCE,
        scope: 'openid profile email offline_access read:preferences',
      },
    }),
  );
  app.get('/', (_req, res) => {
    res.send('home');
  });
  app.get('/profile', requiresAuth(), (req, res) => {
    res.json({ claims: req.oidc.idTokenClaims, accessToken: req.oidc.accessToken?.access_token });
  });
  app.get('/refresh', requiresAuth(), async (req, res) => {
    const refreshed = await req.oidc.accessToken?.refresh();
    res.json({ accessToken: refreshed?.access_token });
  });
  return app;
});

const api = await listen(() => {
  const app = express();
  app.get(
    '/api/preferences',
    jwtBearer({ audience: AUDIENCE, issuerBaseURL: `https://${DOMAIN}` }),
    requiredScopes('read:preferences'),
    (req, res) => {
      res.json(req.auth?.payload);
    },
  );
  // The ManagementClient as its quickstart builds it: domain, clientId, clientSecret, nothing else.
  app.get('/management/:userId', async (req, res) => {
    try {
      const management = new ManagementClient({
        domain: DOMAIN,
        clientId: env('M2M_CLIENT_ID'),
        clientSecret: env('M2M_CLIENT_SECRET'),
      });
      await management.users.update(req.params.userId, { user_metadata: { display_name: 'Ada over https' } });
      const user = await management.users.get(req.params.userId);
      res.json({ email: user.email, user_metadata: user.user_metadata });
    } catch (error) {
      res.status(500).json({ error: String(error), cause: String((error as Error).cause ?? '') });
    }
  });
  return app;
});

console.log(JSON.stringify({ webApp, api }));
