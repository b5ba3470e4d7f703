import type { LocalTenant } from '../emulator/tenant/local-tenant.ts';
import { LocalError } from './errors.ts';

/** What tenant.yaml deploys: the SPA client and our API (not the Management API). */
export const deployedAppSettings = (tenant: LocalTenant) => {
  const spa = tenant.state.clients.find((client) => client.app_type === 'spa');
  const api = tenant.state.resourceServers.find((server) => server.is_system !== true);
  const callbacks = spa?.callbacks;
  const callback = Array.isArray(callbacks) && typeof callbacks[0] === 'string' ? callbacks[0] : undefined;
  if (!spa || !api || !callback) {
    throw new LocalError(
      'E_NOT_CONVERGED',
      'after the deploy the local tenant has no SPA client with a callback or no API; check tenant/tenant.yaml',
    );
  }
  return { clientId: spa.client_id, audience: api.identifier, callback };
};
