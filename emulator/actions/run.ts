import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PostLoginEvent } from '../../actions/lib/post-login-types.ts';
import { ActionCache } from './cache.ts';
import { type LoginOutcome, type RunOptions, runPostLoginFlow } from './flow.ts';
import { type ActionModule, compileActionModule } from './vm.ts';

/** A bundle loaded once, as Auth0 keeps a warm instance: module state and cache persist across runs. */
export interface LoadedAction extends ActionModule {
  /** The Action's `api.cache` store, shared by all its runs. */
  readonly cache: ActionCache;
  /** One login through this Action alone. */
  run(event: PostLoginEvent, options?: RunOptions): Promise<LoginOutcome>;
}

export type BundleSource = string | { name: string; code: string };

/** Loads a built CommonJS bundle (a path, or inline `{ name, code }`) and runs its module code once. */
export const loadBundledAction = async (file: BundleSource): Promise<LoadedAction> => {
  const { name, code } =
    typeof file === 'string'
      ? { name: path.basename(file, '.js'), code: await readFile(file, 'utf8') }
      : file;
  const module = compileActionModule(name, code);
  const cache = new ActionCache();
  const loaded: LoadedAction = {
    name: module.name,
    loadLogs: module.loadLogs,
    errors: module.errors,
    invoke: module.invoke,
    cache,
    run: (event, options) => runPostLoginFlow([loaded], event, options),
  };
  return loaded;
};

/** Loads a bundle and runs one login through it. */
export const runBundledAction = async (
  file: BundleSource,
  event: PostLoginEvent,
  options?: RunOptions,
): Promise<LoginOutcome> => (await loadBundledAction(file)).run(event, options);
