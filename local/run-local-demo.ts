import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import { buildActions } from '../deploy/build-actions.ts';
import type { LocalTenant } from '../emulator/tenant/local-tenant.ts';
import { loginHeadless } from '../emulator/tenant/login/headless-login.ts';
import { seedMemberships } from '../emulator/tenant/organization-membership.ts';
import type { ServedTenant } from '../emulator/tenant/transport.ts';
import { API_ENV_FILE, removeApiEnvFile } from './api-env-file.ts';
import {
  formatClientCredentials,
  removeClientCredentials,
  writeClientCredentials,
} from './client-credentials.ts';
import { deployToLocalTenant } from './deploy-local.ts';
import { deployedAppSettings } from './deployed-app.ts';
import { LocalError } from './errors.ts';
import { describeTrust, ensureLocalCertificate } from './local-certificate.ts';
import type { RoundTrip } from './preferences-round-trip.ts';
import { formatLogin } from './print-login.ts';
import { runApiDemo } from './run-api-demo.ts';
import { type SampleAppOptions, startSampleApp, takeSpaPort } from './sample-app.ts';
import { SAMPLE_USERS } from './sample-users.ts';
import { type ServedApi, servePreferencesApi } from './serve-preferences-api.ts';
import type { ServedSpa, SpaSettings } from './serve-spa.ts';
import { type StartTenantOptions, startLocalTenant } from './start-tenant.ts';

export interface LocalDemoOptions {
  port: number;
  /** Our preferences API's port (0: a free one). */
  apiPort: number;
  log: (line: string) => void;
  /** The deploy step; `npm start` deploys tenant/tenant.yaml through the real auth0-deploy-cli. */
  deploy?: (tenant: LocalTenant, log: (line: string) => void, tenantDir?: string) => Promise<number>;
  /**
   * Rebuild tenant/dist first (default). Tests turn it off: the suite's setup built the bundles,
   * and rewriting them could hand a half-written file to a test reading them meanwhile.
   */
  build?: boolean;
  /** Where `npm run api`'s variables for this tenant are saved (default `.tenant-state/start-api.env`). */
  apiEnvFile?: string;
  /** The folder of tenant.yaml and environments/ to deploy (default `tenant/`). */
  tenantDir?: string;
  /** The Action entry points to build (default `actions/`), into `<tenantDir>/dist`. */
  actionsDir?: string;
  /** The saved `--env local` state this tenant starts from and keeps (default `.tenant-state/local.json`). */
  stateFile?: string;
  /** Start from an empty tenant, not the saved state. */
  fresh?: boolean;
  /**
   * `npm start -- --https`: serve the tenant over TLS with the local certificate authority kept in
   * this folder (default `.tenant-state/tls/`), made on first use.
   */
  https?: { dir?: string };
  /** msw handlers that answer what the deployed Actions send (`--stubs FILE`). */
  stubs?: StartTenantOptions['stubs'];
  /** `--once`: the demo stops after its round trip, so nothing is left to call from another terminal. */
  once?: boolean;
  /**
   * Serve the sample app too (`npm start` does): built by `build` (examples/ sits above this layer),
   * on the port of an origin the local mapping lists (default its first).
   */
  spa?: SampleAppOptions;
}

export interface LocalDemo {
  readonly tenant: LocalTenant;
  readonly served: ServedTenant;
  readonly api: ServedApi;
  /** The sample app, when asked for. */
  readonly spa: ServedSpa | undefined;
  /** What the app reads from `/config.json`; undefined without the app. */
  readonly spaSettings: SpaSettings | undefined;
  readonly roundTrip: RoundTrip;
  /** Stops both servers and removes the variables file, whose secret dies with this tenant. */
  close(): Promise<void>;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/**
 * `npm start`'s job: build the Actions, start the local tenant on loopback, deploy tenant.yaml to it,
 * seed sample users, log one in through the login pages and print both tokens' claims; then start
 * our preferences API against the tenant and show the metadata round trip through it.
 */
export const runLocalDemo = async (options: LocalDemoOptions): Promise<LocalDemo> => {
  const { log } = options;
  // The app's URL is the first line: a person can open it at once (it says "starting" until ready).
  const spa = options.spa ? await takeSpaPort(options.spa, options.tenantDir) : undefined;
  if (spa) log(`app      ${spa.url}/  the sample SPA (ready once the tenant is deployed)`);
  let started = performance.now();
  if (options.build ?? true) {
    const built = await buildActions({
      ...(options.actionsDir ? { actionsDir: options.actionsDir } : {}),
      ...(options.tenantDir ? { outDir: path.join(options.tenantDir, 'dist') } : {}),
    });
    for (const action of built)
      log(`build    ${path.relative(REPO_ROOT, action.file)}  ${action.bytes} bytes`);
  }

  const certificate = options.https ? await ensureLocalCertificate(options.https.dir) : undefined;
  const tenantRun = await startLocalTenant({
    port: options.port,
    ...(certificate ? { certificate } : {}),
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
    ...(options.fresh ? { fresh: true } : {}),
    ...(options.stubs ? { stubs: options.stubs } : {}),
    onOutcome: (outcome) => {
      for (const line of outcome.logs) log(`  action log: ${line}`);
      const paused = outcome.suspended;
      if (paused && paused.kind !== 'redirect') {
        const what = paused.kind === 'prompt' ? `the form ${paused.prompt?.id ?? ''}` : paused.kind;
        log(`  login paused by Action ${paused.action} for ${what}: the browser shows a page to complete it`);
      }
    },
  });
  const { tenant, served } = tenantRun;
  const envFile = options.apiEnvFile ?? API_ENV_FILE;
  const clientsDir = path.join(path.dirname(envFile), 'clients');
  let api: ServedApi | undefined;
  const close = async () => {
    await Promise.all([
      tenantRun.close(),
      api?.close(),
      spa?.close(),
      removeApiEnvFile(envFile),
      removeClientCredentials(clientsDir),
    ]);
  };
  try {
    // Taken now, before the deploy, so a busy port fails in a second rather than after the deploy.
    api = await servePreferencesApi(options.apiPort);
    log(
      `tenant   ${tenant.issuer} on ${served.url} (${tenantRun.restored ? 'the saved --env local state' : 'empty'}; deploy --env local lands here while this runs)`,
    );
    if (certificate) log(`tls      ${describeTrust(certificate)}`);
    started = performance.now();
    log('deploy   tenant/tenant.yaml --env local (auth0-deploy-cli)');
    const changes = await (options.deploy ?? deployToLocalTenant)(tenant, log, options.tenantDir);
    log(`deploy   ${changes} change(s) applied (${seconds(started)})`);

    // A restarted tenant keeps its users (and what the demo changed): only missing ones are seeded.
    const known = new Set(tenant.state.users.map((user) => user.user_id));
    tenant.seedUsers(
      SAMPLE_USERS.filter((user) => !known.has(user.user_id ?? '')).map((user) => ({ ...user })),
    );
    const users = SAMPLE_USERS;
    // Memberships too, each start (idempotent): the organizations exist only once the deploy ran.
    const missing = seedMemberships(tenant.state, SAMPLE_USERS);
    if (missing.length)
      log(`users    no organization ${missing.join(', ')} in tenant.yaml: those memberships are skipped`);
    log(`users    ${users.map((user) => user.email).join(', ')}`);
    for (const line of formatClientCredentials(
      await writeClientCredentials(tenant, served.url, clientsDir, certificate?.caFile),
    ))
      log(line);
    const app = deployedAppSettings(tenant);
    const user = users[0]?.email ?? '';
    started = performance.now();
    const login = await loginHeadless({
      baseUrl: served.url,
      clientId: app.clientId,
      redirectUri: app.callback,
      audience: app.audience,
      scope: 'openid profile email offline_access read:preferences update:preferences',
      user,
    }).catch((error: Error) => {
      throw new LocalError('E_LOGIN_FAILED', `${error.message}; the tenant is at ${served.url}`);
    });
    log(`login    ${user} through ${served.url}/authorize and /oauth/token (${seconds(started)})`);
    log('');
    for (const line of formatLogin(user, login.tokens, {
      baseUrl: served.url,
      ...(certificate ? { caFile: certificate.caFile } : {}),
      issuer: tenant.issuer,
      clientId: app.clientId,
      audience: app.audience,
    }))
      log(line);
    log('');
    const roundTrip = await runApiDemo({
      tenant,
      served,
      api,
      login: { user, clientId: app.clientId, redirectUri: app.callback, tokens: login.tokens },
      envFile,
      ...(certificate ? { caFile: certificate.caFile } : {}),
      once: options.once ?? false,
      log,
      ...(options.tenantDir ? { tenantDir: options.tenantDir } : {}),
    });
    await tenantRun.save();
    const spaSettings: SpaSettings = {
      domain: served.url,
      clientId: app.clientId,
      audience: app.audience,
      apiUrl: api.url,
    };
    if (spa && options.spa) {
      log('');
      await startSampleApp(spa, options.spa, spaSettings, users, log);
    }
    return { tenant, served, api, spa, spaSettings: spa ? spaSettings : undefined, roundTrip, close };
  } catch (error) {
    await close();
    throw error;
  }
};
