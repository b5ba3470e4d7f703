import type { LoginOutcome, RunOptions } from '../emulator/actions/index.ts';
import { createLocalTenant, type LocalTenant } from '../emulator/tenant/local-tenant.ts';
import type { ServedTenant } from '../emulator/tenant/transport.ts';
import { LocalError } from './errors.ts';
import type { LocalCertificate } from './local-certificate.ts';
import { announceRunningTenant, findRunningTenant, withdrawRunningTenant } from './running-tenant.ts';
import { LOCAL_STATE_FILE, readSavedTenant, restoreState, saveLocalTenant } from './saved-tenant.ts';
import { serveLocalTenant } from './serve-local-tenant.ts';
import { trustCertificateAuthority } from './trust-certificate.ts';

export interface StartTenantOptions {
  readonly port: number;
  /** The saved `--env local` state to serve and keep (default `.tenant-state/local.json`). */
  readonly stateFile?: string;
  /** Start empty instead of from the saved state (`npm start -- --fresh`). */
  readonly fresh?: boolean;
  readonly onOutcome?: (outcome: LoginOutcome) => void;
  /** msw handlers that answer what the deployed Actions send (`--stubs FILE`). */
  readonly stubs?: RunOptions['handlers'];
  /** Serve over TLS with this certificate (`npm start -- --https`). */
  readonly certificate?: LocalCertificate;
}

export interface StartedTenant {
  readonly tenant: LocalTenant;
  readonly served: ServedTenant;
  /** Whether the saved state was loaded (false on a first start or with --fresh). */
  readonly restored: boolean;
  /** Writes the tenant's state now, so a crash later loses nothing deployed before it. */
  save(): Promise<void>;
  /** Stops serving, saves the state for the next start and for plan/deploy, withdraws the announcement. */
  close(): Promise<void>;
}

/**
 * The one local tenant: `npm start` serves the state `plan --env local` and `deploy --env local` use,
 * and announces itself (running-tenant.ts) so those commands change this tenant while it runs.
 */
export const startLocalTenant = async (options: StartTenantOptions): Promise<StartedTenant> => {
  const stateFile = options.stateFile ?? LOCAL_STATE_FILE;
  // Two servers of one saved state would each save over the other's deploys when they stop.
  const other = await findRunningTenant(stateFile);
  if (other) {
    throw new LocalError(
      'E_ALREADY_RUNNING',
      `npm start already serves the local tenant at ${other.url} (pid ${other.pid}); use that one, or stop it first`,
    );
  }
  const saved = options.fresh ? undefined : await readSavedTenant(stateFile);
  const tenant = await createLocalTenant({
    ...(saved ? { deployClient: saved.deployClient } : {}),
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
    ...(options.stubs ? { actionHandlers: options.stubs } : {}),
  });
  restoreState(tenant, saved);
  const { certificate } = options;
  const served = await serveLocalTenant(
    tenant,
    options.port,
    certificate && { cert: certificate.certPem, key: certificate.keyPem },
  );
  // This process calls its own tenant too (the demo's login, our API's Management API calls).
  if (certificate) trustCertificateAuthority(certificate.caPem);
  const { client_id, client_secret } = tenant.deployClient;
  await announceRunningTenant(stateFile, {
    url: served.url,
    issuer: tenant.issuer,
    domain: tenant.domain,
    pid: process.pid,
    deployClient: { client_id, client_secret },
    ...(certificate ? { caFile: certificate.caFile } : {}),
  });
  const save = () => saveLocalTenant(tenant, stateFile);
  return {
    tenant,
    served,
    restored: saved !== undefined,
    save,
    close: async () => {
      await withdrawRunningTenant(stateFile);
      await served.close();
      await save();
    },
  };
};
