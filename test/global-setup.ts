import { ensureBundlesBuilt } from '../deploy/bundle-freshness.ts';
import { fixtureTenants } from './fixtures/fixture-tenants.ts';

// Tests run the built bundles, as Auth0 would: fresh before any test file, the team's for the tests
// of its content and the fixtures' for the toolkit's tests. Each is built only when its manifest no
// longer matches its sources (bundle-freshness.ts), so `npm test`, which has just run `npm run build`,
// does not build the team's bundles a second time, and a rerun builds nothing that did not change.
export default async function setup(): Promise<void> {
  await Promise.all([
    ensureBundlesBuilt(),
    ...(await fixtureTenants()).map((fixture) =>
      ensureBundlesBuilt({ actionsDir: fixture.actionsDir, outDir: fixture.distDir }),
    ),
  ]);
}
