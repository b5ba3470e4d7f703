import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_STATE_DIR } from '../core/paths.ts';
import type { ManagementConnection } from '../deploy/management-api.ts';
import { createFakeTenant, type FakeTenant } from '../emulator/tenant/fake-tenant.ts';
import type { TenantState } from '../emulator/tenant/state.ts';
import { useFakeTenantInProcess } from '../emulator/tenant/transport.ts';

/** Where `--env local` keeps its tenant between commands (git-ignored); `LOCAL_TENANT_STATE` moves it. */
export const LOCAL_STATE_FILE = process.env.LOCAL_TENANT_STATE ?? path.join(LOCAL_STATE_DIR, 'local.json');

export interface SavedLocalTenant {
  readonly tenant: FakeTenant;
  readonly connection: ManagementConnection;
  /** Stops intercepting and saves the tenant's state for the next command. */
  close(): Promise<void>;
}

/** Writes what `openLocalTenant` reads back: the state and the deploy client's credentials. */
export const saveLocalTenant = async (tenant: FakeTenant, stateFile = LOCAL_STATE_FILE): Promise<void> => {
  await mkdir(path.dirname(stateFile), { recursive: true });
  const { client_id, client_secret } = tenant.deployClient;
  const state = { ...tenant.snapshot(), requests: [] };
  await writeFile(stateFile, `${JSON.stringify({ state, deployClient: { client_id, client_secret } })}\n`);
};

/**
 * `--env local`: the fake tenant, in this process behind msw, so plan and deploy (and deploy-cli)
 * talk to it over the same Management API calls as to Auth0. Its state persists in
 * `.tenant-state/local.json`, so `deploy` then `plan` sees what the deploy left.
 */
export const openLocalTenant = async (stateFile = LOCAL_STATE_FILE): Promise<SavedLocalTenant> => {
  const saved = await readFile(stateFile, 'utf8').then(
    (text) =>
      JSON.parse(text) as { state: TenantState; deployClient: { client_id: string; client_secret: string } },
    () => undefined,
  );
  const tenant = createFakeTenant(saved ? { deployClient: saved.deployClient } : {});
  if (saved) Object.assign(tenant.state, saved.state, { requests: [] });
  const intercept = useFakeTenantInProcess(tenant);
  return {
    tenant,
    connection: {
      domain: tenant.domain,
      clientId: tenant.deployClient.client_id,
      clientSecret: tenant.deployClient.client_secret,
    },
    close: async () => {
      intercept.close();
      await saveLocalTenant(tenant, stateFile);
    },
  };
};
