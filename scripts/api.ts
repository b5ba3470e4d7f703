import { readConfig } from '../api/config.ts';
import { ApiServerError } from '../api/errors.ts';
import { PREFERENCES_ROUTE } from '../api/preferences-api.ts';
import { logEvent, startPreferencesApi } from '../api/server.ts';
import { runMain } from './lib/run-main.ts';

// `npm run api`: serves the preferences API with the configuration in the environment variables that
// docs/preferences-api.md lists. It logs one JSON line per request on stdout. SIGTERM (or SIGINT)
// drains requests in flight, then exits 0; 1 when the grace period cut some off.
runMain(async () => {
  const config = readConfig(process.env);
  const running = await startPreferencesApi(config).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE'
      ? new ApiServerError('E_PORT_IN_USE', `port ${config.port} is taken; set PORT to a free port`)
      : error;
  });
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
});
