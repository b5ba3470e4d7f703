import { loadEnvironment } from '../deploy/environment.ts';
import type { UserRecord } from '../emulator/tenant/state.ts';
import { type ServedSpa, type SpaSettings, serveSpa } from './serve-spa.ts';
import { pickSpaOrigin } from './spa-origin.ts';

export interface SampleAppOptions {
  /** A port of an origin the local mapping lists; default its first origin's. */
  readonly port?: number;
  /** Builds the app (examples/ sits above this layer); returns its folder and a line about its size. */
  readonly build: () => Promise<{ readonly dir: string; readonly summary: string }>;
}

/**
 * Takes the sample app's port at once, on an origin the local mapping lets the SPA client use, so a
 * taken port or an unlisted one fails before the build and the deploy.
 */
export const takeSpaPort = async (options: SampleAppOptions, tenantDir?: string): Promise<ServedSpa> => {
  const mapping = await loadEnvironment('local', tenantDir);
  const spa = pickSpaOrigin(mapping.values, `tenant/environments/${mapping.name}.json`, options.port);
  return serveSpa(spa.port, spa.host);
};

/** Builds the app, serves it with the deployed tenant's settings, and says how to use it. */
export const startSampleApp = async (
  spa: ServedSpa,
  options: SampleAppOptions,
  settings: SpaSettings,
  users: readonly Pick<UserRecord, 'email'>[],
  log: (line: string) => void,
): Promise<void> => {
  const built = await options.build();
  await spa.mount(built.dir, settings);
  log(`app      ${built.summary}`);
  log(`app      open ${spa.url}/ and log in as ${users.map((user) => user.email).join(' or ')}:`);
  log('         the claims of both tokens, a preferences form, old and new claims after a save');
};
