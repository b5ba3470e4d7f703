import type { LocalTenant } from '../emulator/tenant/local-tenant.ts';
import { type ServedTenant, serveFakeTenant } from '../emulator/tenant/transport.ts';
import { LocalError } from './errors.ts';

/**
 * Serves the tenant on 127.0.0.1 (over TLS with `tls`); a taken port is a one-line error that says
 * how to pick another.
 */
export const serveLocalTenant = async (
  tenant: LocalTenant,
  port: number,
  tls?: { cert: string; key: string },
): Promise<ServedTenant> => {
  try {
    return await serveFakeTenant(tenant, { port, host: '127.0.0.1', ...(tls ? { tls } : {}) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new LocalError(
        'E_PORT_IN_USE',
        `port ${port} on 127.0.0.1 is already taken (another npm start?); stop that process or pick another port: npm start -- --port ${port + 1}`,
      );
    }
    throw error;
  }
};
