import { buildActions } from '../deploy/build-actions.ts';
import { buildFixtureActions } from './fixtures/fixture-tenants.ts';

// Tests run the built bundles, as Auth0 would: build them once, fresh, before any test file. The
// team's for the tests of its content, the fixtures' for the toolkit's tests.
export default async function setup(): Promise<void> {
  await Promise.all([buildActions(), buildFixtureActions()]);
}
