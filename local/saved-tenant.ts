import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_STATE_DIR } from '../core/paths.ts';
import type { ManagementConnection } from '../deploy/management-api.ts';
import { createFakeTenant, type FakeTenant } from '../emulator/tenant/fake-tenant.ts';
import type { TenantState } from '../emulator/tenant/state.ts';
import { useFakeTenantInProcess } from '../emulator/tenant/transport.ts';
import { findRunningTenant, forwardToRunningTenant } from './running-tenant.ts';

/** Where `--env local` keeps its tenant between commands (git-ignored); `LOCAL_TENANT_STATE` moves it. */
export const LOCAL_STATE_FILE = process.env.LOCAL_TENANT_STATE ?? path.join(LOCAL_STATE_DIR, 'local.json');

export interface SavedState {
  readonly state: TenantState;
  readonly deployClient: { client_id: string; client_secret: string };
}

export interface SavedLocalTenant {
  readonly connection: ManagementConnection;
  /** Where the commands' requests went: the `npm start` tenant over loopback, or the saved state. */
  readonly target: 'running' | 'saved';
  /** Stops intercepting and (for the saved state) saves the tenant's state for the next command. */
  close(): Promise<void>;
}

/** Writes what `openLocalTenant` and `npm start` read back: the state and the deploy client's credentials. */
export const saveLocalTenant = async (tenant: FakeTenant, stateFile = LOCAL_STATE_FILE): Promise<void> => {
  await mkdir(path.dirname(stateFile), { recursive: true });
  const { client_id, client_secret } = tenant.deployClient;
  const state = { ...tenant.snapshot(), requests: [] };
  await writeFile(stateFile, `${JSON.stringify({ state, deployClient: { client_id, client_secret } })}\n`);
};

export const readSavedTenant = (stateFile = LOCAL_STATE_FILE): Promise<SavedState | undefined> =>
  readFile(stateFile, 'utf8').then(
    (text) => JSON.parse(text) as SavedState,
    () => undefined,
  );

/** Puts a saved state into a new tenant (one that was made with the saved deploy client). */
export const restoreState = (tenant: FakeTenant, saved: SavedState | undefined): void => {
  if (saved) Object.assign(tenant.state, saved.state, { requests: [] });
};

/**
 * `--env local`: one local tenant for every command. While `npm start` runs, its tenant, reached over
 * loopback, so a deploy lands where the next login runs; otherwise the saved state
 * (`.tenant-state/local.json`) in this process, which `npm start` serves next time. Either way
 * through msw in front of `https://<domain>/`, so plan and deploy (and deploy-cli) make the same
 * Management API calls as to Auth0.
 */
export const openLocalTenant = async (stateFile = LOCAL_STATE_FILE): Promise<SavedLocalTenant> => {
  const running = await findRunningTenant(stateFile);
  if (running) {
    const forward = forwardToRunningTenant(running);
    return {
      target: 'running',
      connection: {
        domain: running.domain,
        clientId: running.deployClient.client_id,
        clientSecret: running.deployClient.client_secret,
      },
      close: async () => forward.close(),
    };
  }
  const saved = await readSavedTenant(stateFile);
  const tenant = createFakeTenant(saved ? { deployClient: saved.deployClient } : {});
  restoreState(tenant, saved);
  const intercept = useFakeTenantInProcess(tenant);
  return {
    target: 'saved',
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
