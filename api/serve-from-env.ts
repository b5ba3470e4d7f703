import type { ContractSpec } from '../claims/index.ts';
import { readConfig } from './config.ts';
import { ApiServerError } from './errors.ts';
import { PREFERENCES_ROUTE } from './preferences-api.ts';
import { logEvent, startPreferencesApi } from './server.ts';

/**
 * `npm run api`'s whole life: serves the preferences API with the configuration in `env` (the
 * variables docs/preferences-api.md lists) until SIGTERM or SIGINT, which drain requests in flight
 * and exit 0 (1 when the grace period cut some off). `contract` is the team's unless given.
 */
export const serveApiFromEnv = async (
  env: Record<string, string | undefined>,
  contract?: ContractSpec,
): Promise<number> => {
  const config = readConfig(env);
  const running = await startPreferencesApi(config, undefined, contract).catch(
    (error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE'
        ? new ApiServerError('E_PORT_IN_USE', `port ${config.port} is taken; set PORT to a free port`)
        : error;
    },
  );
  logEvent('listening', {
    port: running.port,
    pid: process.pid,
    url: `http://localhost:${running.port}${PREFERENCES_ROUTE}`,
    issuer: config.issuer,
    lock: running.shared ? 'redis' : 'in-process',
  });
  const stop = () =>
    // Exit now: a keep-alive socket to the tenant, or tsx's compiler service, would hold the process.
    running.shutdown().then((drained) => process.exit(drained ? 0 : 1));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
};
