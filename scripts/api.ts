import { serve } from '@hono/node-server';
import { readConfig } from '../api/config.ts';
import { ApiServerError } from '../api/errors.ts';
import { createPreferencesApi, PREFERENCES_ROUTE } from '../api/preferences-api.ts';
import { runMain } from './lib/run-main.ts';

// `npm run api`: serves the preferences API with the configuration in the environment variables that
// docs/preferences-api.md lists. It logs one JSON line per request on stdout.
runMain(async () => {
  const config = readConfig(process.env);
  const app = createPreferencesApi(config);
  const server = serve({ fetch: app.fetch, port: config.port, hostname: '0.0.0.0' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new ApiServerError('E_PORT_IN_USE', `port ${config.port} is taken; set PORT to a free port`)
          : error,
      );
    });
  });
  console.error(
    `preferences API on http://localhost:${config.port}${PREFERENCES_ROUTE} (issuer ${config.issuer}, audience ${config.audience})`,
  );
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => {});
});
