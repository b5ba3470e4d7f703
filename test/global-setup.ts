import { buildActions } from '../deploy/build-actions.ts';

// Tests run the built bundles, as Auth0 would: build them once, fresh, before any test file.
export default async function setup(): Promise<void> {
  await buildActions();
}
