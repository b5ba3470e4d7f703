import { serveApiFromEnv } from '../../../api/serve-from-env.ts';
import { runMain } from '../../../core/run-main.ts';
import { fixtureContract } from '../../fixtures/claims-app/contract.ts';

// `npm run api` on the fixture contract, for the tests that run the API as processes: what the team
// renames in claims/contract.ts changes its own API, never these tests.
runMain(() => serveApiFromEnv(process.env, fixtureContract));
