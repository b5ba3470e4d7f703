import { serveApiFromEnv } from '../api/serve-from-env.ts';
import { runMain } from '../core/run-main.ts';

// `npm run api`: serves the preferences API with the configuration in the environment variables that
// docs/preferences-api.md lists. It logs one JSON line per request on stdout. SIGTERM (or SIGINT)
// drains requests in flight, then exits 0; 1 when the grace period cut some off.
runMain(() => serveApiFromEnv(process.env));
