import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createFakeTenant, type FakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import type { TenantState } from '../../emulator/tenant/state.ts';
import { useFakeTenantInProcess } from '../../emulator/tenant/transport.ts';
import { REPO_ROOT } from '../build/build-actions.ts';
import type { ManagementConnection } from './management-api.ts';

/** Where `--env local` keeps its tenant between commands (git-ignored). */
export const LOCAL_STATE_FILE = path.join(REPO_ROOT, '.tenant-state', 'local.json');

export interface LocalTenant {
  readonly tenant: FakeTenant;
  readonly connection: ManagementConnection;
  /** Stops intercepting and saves the tenant's state for the next command. */
  close(): Promise<void>;
}

/**
 * `--env local`: the fake tenant, in this process behind msw, so plan and deploy (and deploy-cli)
 * talk to it over the same Management API calls as to Auth0. Its state persists in
 * `.tenant-state/local.json`, so `deploy` then `plan` sees what the deploy left.
 */
export const openLocalTenant = async (stateFile = LOCAL_STATE_FILE): Promise<LocalTenant> => {
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
      await mkdir(path.dirname(stateFile), { recursive: true });
      const { client_id, client_secret } = tenant.deployClient;
      const state = { ...tenant.snapshot(), requests: [] };
      await writeFile(
        stateFile,
        `${JSON.stringify({ state, deployClient: { client_id, client_secret } })}\n`,
      );
    },
  };
};
