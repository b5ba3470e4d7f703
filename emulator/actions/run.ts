import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import { EmulatorError } from '../errors.ts';
import { ActionCache } from './cache.ts';
import {
  type FlowAction,
  type LoginOutcome,
  type RunOptions,
  runPostLoginFlow,
  type SuspendedLogin,
} from './flow.ts';
import { compileActionModule } from './vm.ts';

/** A bundle loaded once, as Auth0 keeps a warm instance: module state and cache persist across runs. */
export interface LoadedAction extends FlowAction {
  /** One login through this Action alone. */
  run(event: PostLoginEvent, options?: RunOptions): Promise<LoginOutcome>;
  /**
   * Resumes a login this Action redirected (`suspended` of its outcome) through its
   * `onContinuePostLogin`, as Auth0 does at `/continue`; `event` is the /continue login's, whose
   * `request.query` or `request.body` carries what the external site sent back.
   */
  continue(event: PostLoginEvent, suspended: SuspendedLogin, options?: RunOptions): Promise<LoginOutcome>;
}

export type BundleSource = string | { name: string; code: string };

export interface LoadOptions {
  /** The secrets deployed with this Action (Auth0 keeps secrets per Action). */
  secrets?: Record<string, string>;
  /** See `CompileOptions.watchdog`: off only where a terminated worker stops runaway code. */
  watchdog?: boolean;
}

/** Loads a built CommonJS bundle (a path, or inline `{ name, code }`) and runs its module code once. */
export const loadBundledAction = async (
  file: BundleSource,
  options: LoadOptions = {},
): Promise<LoadedAction> => {
  const { name, code } =
    typeof file === 'string' ? { name: path.basename(file, '.js'), code: await readBundle(file) } : file;
  const module = compileActionModule(name, code, { watchdog: options.watchdog ?? true });
  const cache = new ActionCache();
  const loaded: LoadedAction = {
    name: module.name,
    loadLogs: module.loadLogs,
    errors: module.errors,
    continues: module.continues,
    invoke: module.invoke,
    cache,
    ...(options.secrets ? { secrets: { ...options.secrets } } : {}),
    run: (event, runOptions) => runPostLoginFlow([loaded], event, runOptions),
    continue: (event, suspended, runOptions) =>
      runPostLoginFlow([loaded], event, { ...runOptions, resume: suspended }),
  };
  return loaded;
};

const readBundle = (file: string): Promise<string> =>
  readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new EmulatorError(
      'E_ACTION_LOAD_FAILED',
      `cannot read the Action bundle ${file} (${error.code ?? error.message}); run \`npm run build\` first`,
    );
  });

/** Loads a bundle and runs one login through it. */
export const runBundledAction = async (
  file: BundleSource,
  event: PostLoginEvent,
  options?: RunOptions,
): Promise<LoginOutcome> => (await loadBundledAction(file)).run(event, options);
