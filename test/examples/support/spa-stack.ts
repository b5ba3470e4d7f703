import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readConfig } from '../../../api/config.ts';
import { createPreferencesApi } from '../../../api/preferences-api.ts';
import { type ServedTenant, serveFakeTenant } from '../../../emulator/tenant/transport.ts';
import { buildSpa } from '../../../examples/spa/build.ts';
import { type ServedApi, servePreferencesApi } from '../../../local/serve-preferences-api.ts';
import { type ServedSpa, serveSpa } from '../../../local/serve-spa.ts';
import {
  API_AUDIENCE,
  createTestTenant,
  type TestTenant,
} from '../../emulator/login/local-tenant-fixture.ts';
import { fixtureContract } from '../../fixtures/claims-app/contract.ts';

export interface SpaStack {
  readonly local: TestTenant;
  readonly tenant: ServedTenant;
  readonly api: ServedApi;
  /** The sample app at an origin the SPA client lists. */
  readonly spa: ServedSpa;
  /** The same app at an origin no client lists (`127.0.0.1`, another port). */
  readonly stranger: ServedSpa;
  close(): Promise<void>;
}

const urls = (list: unknown): string[] =>
  Array.isArray(list) ? list.filter((url): url is string => typeof url === 'string') : [];

/**
 * The sample app as `npm start` serves it, on free loopback ports: the local tenant (the fixture's
 * SPA client, its lists extended by the app's origin as tenant/environments/local.json extends the
 * real one), our preferences API allowing that origin only, and the app built into a temp folder.
 */
export const startSpaStack = async (): Promise<SpaStack> => {
  const dist = await mkdtemp(path.join(tmpdir(), 'spa-dist-'));
  const [built, local, spa, stranger, api] = await Promise.all([
    buildSpa(dist),
    createTestTenant(),
    serveSpa(0, 'localhost'),
    serveSpa(0, '127.0.0.1'),
    servePreferencesApi(0),
  ]);
  const { tenant } = local;
  const client = tenant.state.clients.find((candidate) => candidate.client_id === local.spaClientId);
  if (!client) throw new Error('the fixture tenant has no SPA client');
  client.callbacks = [...urls(client.callbacks), `${spa.url}/callback`];
  client.allowed_logout_urls = [...urls(client.allowed_logout_urls), `${spa.url}/`];
  client.web_origins = [...urls(client.web_origins), spa.url];
  tenant.state.clientGrants.push({
    id: 'cgr_preferences_api_management',
    client_id: local.m2mClientId,
    audience: tenant.context.managementAudience,
    scope: ['read:users', 'update:users'],
  });
  const served = await serveFakeTenant(tenant);
  api.mount(
    createPreferencesApi(
      readConfig({
        AUTH0_DOMAIN: tenant.domain,
        AUTH0_BASE_URL: served.url,
        API_AUDIENCE,
        AUTH0_CLIENT_ID: local.m2mClientId,
        AUTH0_CLIENT_SECRET: local.m2mSecret,
        ALLOWED_ORIGINS: spa.url,
      }),
      { contract: fixtureContract, log: () => {} },
    ).fetch,
  );
  const settings = {
    domain: served.url,
    clientId: local.spaClientId,
    audience: API_AUDIENCE,
    apiUrl: api.url,
  };
  await Promise.all([spa.mount(built.dir, settings), stranger.mount(built.dir, settings)]);
  return {
    local,
    tenant: served,
    api,
    spa,
    stranger,
    close: async () => {
      await Promise.all([served.close(), api.close(), spa.close(), stranger.close()]);
      await rm(dist, { recursive: true, force: true });
    },
  };
};
