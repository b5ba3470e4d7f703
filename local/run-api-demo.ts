import path from 'node:path';
import { readConfig } from '../api/config.ts';
import { createPreferencesApi, PREFERENCES_ROUTE } from '../api/preferences-api.ts';
import type { LocalTenant } from '../emulator/tenant/local-tenant.ts';
import type { TokenResponseBody } from '../emulator/tenant/login/grants/token-response.ts';
import type { ServedTenant } from '../emulator/tenant/transport.ts';
import { runApiCommand, writeApiEnvFile } from './api-env-file.ts';
import { localApiEnvironment, PREFERENCES_API_CLIENT } from './local-api-environment.ts';
import { type RoundTrip, runPreferencesRoundTrip } from './preferences-round-trip.ts';
import { formatApiHowTo, formatRoundTrip } from './print-api.ts';
import type { ServedApi } from './serve-preferences-api.ts';

export interface ApiDemoInput {
  readonly tenant: LocalTenant;
  readonly served: ServedTenant;
  /** The API's port, taken before the deploy; the API is mounted on it here. */
  readonly api: ServedApi;
  /** The demo login: who, as which SPA client, and the tokens it got. */
  readonly login: {
    readonly user: string;
    readonly clientId: string;
    readonly redirectUri: string;
    readonly tokens: TokenResponseBody;
  };
  /** Where `npm run api`'s variables are saved for another terminal. */
  readonly envFile: string;
  /** With `npm start -- --https`: the authority file another terminal's Node must trust. */
  readonly caFile?: string;
  /** `npm start -- --once`: everything stops after the round trip, so no how-to for another terminal. */
  readonly once?: boolean;
  readonly log: (line: string) => void;
  /** The folder of the deployed tenant.yaml and environments/ (default `tenant/`). */
  readonly tenantDir?: string;
}

/**
 * The second half of `npm start`: our preferences API configured from the variables `npm run api`
 * would read for this tenant, the round trip through it (change the language, refresh, see it in
 * the ID token), then how to call the API by hand and how to run it from another terminal.
 */
export const runApiDemo = async (input: ApiDemoInput): Promise<RoundTrip> => {
  const { tenant, served, api, login, log } = input;
  const variables = await localApiEnvironment(tenant, {
    tenantUrl: served.url,
    takenPorts: [served.port, api.port],
    ...(input.tenantDir ? { tenantDir: input.tenantDir } : {}),
  });
  const config = readConfig(variables);
  const app = createPreferencesApi(config, { log: (entry) => log(`  api log: ${JSON.stringify(entry)}`) });
  api.mount(app.fetch);
  log(
    `api      preferences API on ${api.url}${PREFERENCES_ROUTE} as client "${PREFERENCES_API_CLIENT}" (${config.clientId})`,
  );

  const started = performance.now();
  const trip = await runPreferencesRoundTrip({
    apiUrl: api.url,
    tenantUrl: served.url,
    issuer: tenant.issuer,
    clientId: login.clientId,
    redirectUri: login.redirectUri,
    tokens: login.tokens,
  });
  log(
    `prefs    ${login.user}'s language changed through the API, then tokens refreshed (${Math.round(performance.now() - started)} ms)`,
  );
  log('');
  for (const line of formatRoundTrip(trip, { user: login.user, apiUrl: api.url, tenantUrl: served.url }))
    log(line);
  log('');
  if (input.once) {
    log('npm start (without --once) keeps the tenant and the API running for curl and npm run token');
    return trip;
  }
  await writeApiEnvFile(input.envFile, {
    ...variables,
    ...(input.caFile ? { NODE_EXTRA_CA_CERTS: input.caFile } : {}),
  });
  for (const line of formatApiHowTo({
    apiUrl: api.url,
    audience: config.audience,
    variables,
    envFile: path.relative(process.cwd(), input.envFile) || input.envFile,
    runCommand: runApiCommand(input.envFile),
  }))
    log(line);
  return trip;
};
