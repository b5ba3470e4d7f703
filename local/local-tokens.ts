import type { TokenResponseBody } from '../emulator/tenant/login/grants/token-response.ts';
import { loginHeadless } from '../emulator/tenant/login/headless-login.ts';
import { LocalError } from './errors.ts';
import { findRunningTenant, type RunningTenant } from './running-tenant.ts';
import { LOCAL_STATE_FILE } from './saved-tenant.ts';

export interface TokenRequest {
  /** A seeded user's email (or user id). */
  readonly user: string;
  /** Default: the API tenant.yaml declares (the one resource server that is not the Management API). */
  readonly audience?: string;
  /** Default: `openid profile email` and every scope of that API. */
  readonly scope?: string;
  readonly stateFile?: string;
}

export interface LocalTokens {
  readonly user: string;
  readonly tenantUrl: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scope: string;
  readonly tokens: TokenResponseBody;
}

type Row = Record<string, unknown>;

/** Reads the running tenant's clients, APIs and users as the deploy client, over its Management API. */
const managementReader = async (running: RunningTenant) => {
  const token = await fetch(`${running.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: running.deployClient.client_id,
      client_secret: running.deployClient.client_secret,
      audience: `https://${running.domain}/api/v2/`,
    }),
  }).then((response) => response.json() as Promise<{ access_token?: string }>);
  return async (path: string, key: string): Promise<Row[]> => {
    const response = await fetch(`${running.url}/api/v2${path}`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    const body = (await response.json()) as Row | Row[];
    return (Array.isArray(body) ? body : (body[key] ?? [])) as Row[];
  };
};

/**
 * Logs a seeded user in to the `npm start` tenant the way an app does (`/authorize` with PKCE, the login
 * page, `/oauth/token`) as the SPA client tenant.yaml declares, so the tokens carry exactly the claims
 * the deployed Action puts there and verify against the tenant's JWKS, as our API verifies them. Only
 * the running tenant will do: its signing key lives as long as it does, so tokens from any other would
 * verify nowhere.
 */
export const tokensForUser = async (request: TokenRequest): Promise<LocalTokens> => {
  const running = await findRunningTenant(request.stateFile ?? LOCAL_STATE_FILE);
  if (!running) {
    throw new LocalError(
      'E_NOT_RUNNING',
      'no local tenant is running; start one with npm start in another terminal, then run npm run token again',
    );
  }
  const read = await managementReader(running);
  const spa = (await read('/clients', 'clients')).find((client) => client.app_type === 'spa');
  const callback = (spa?.callbacks as unknown[] | undefined)?.[0];
  const api = (await read('/resource-servers', 'resource_servers')).find(
    (server) => server.is_system !== true && server.name !== 'Auth0 Management API',
  );
  if (!spa || typeof callback !== 'string' || !api) {
    throw new LocalError(
      'E_NOT_CONVERGED',
      'the local tenant has no SPA client with a callback, or no API; run npm run deploy -- --env local',
    );
  }
  const users = await read('/users', 'users');
  if (!users.some((user) => user.email === request.user || user.user_id === request.user)) {
    throw new LocalError(
      'E_UNKNOWN_USER',
      `${request.user} is not a user of the local tenant; pass one of: ${users.map((user) => user.email).join(', ')}`,
    );
  }
  const audience = request.audience ?? String(api.identifier);
  const apiScopes = audience === api.identifier ? ((api.scopes ?? []) as { value: string }[]) : [];
  const scope = request.scope ?? ['openid profile email', ...apiScopes.map((entry) => entry.value)].join(' ');
  const login = await loginHeadless({
    baseUrl: running.url,
    clientId: String(spa.client_id),
    redirectUri: callback,
    audience,
    scope,
    user: request.user,
  }).catch((error: Error) => {
    throw new LocalError('E_LOGIN_FAILED', `${error.message}; the tenant is at ${running.url}`);
  });
  return {
    user: request.user,
    tenantUrl: running.url,
    clientId: String(spa.client_id),
    audience,
    scope,
    tokens: login.tokens,
  };
};

/**
 * The tokens as shell assignments on stdout, so `eval "$(npm run --silent token -- --user ada@example.com)"`
 * sets ACCESS_TOKEN and ID_TOKEN for curl; `--json` prints the token response as the tenant sent it.
 */
export const formatTokens = (result: LocalTokens, json: boolean): string =>
  json
    ? JSON.stringify(result.tokens, null, 2)
    : [
        `ACCESS_TOKEN='${result.tokens.access_token}'`,
        ...(result.tokens.id_token ? [`ID_TOKEN='${result.tokens.id_token}'`] : []),
      ].join('\n');
