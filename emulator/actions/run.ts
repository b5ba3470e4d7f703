import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ActionDependencies } from '../../core/action-dependencies.ts';
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
import type { ActionModuleSource } from './module-require.ts';
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

/**
 * A bundle's path (its source map is read from `<path>.map` when the build wrote one), or the bundle
 * inline with its map's JSON text.
 */
export type BundleSource =
  | string
  | { name: string; code: string; sourceMap?: string; dependencies?: ActionDependencies };

export interface LoadOptions {
  /** The secrets deployed with this Action (Auth0 keeps secrets per Action). */
  secrets?: Record<string, string>;
  /**
   * The post-login trigger's `api.cache` (Auth0 scopes it to the trigger, not to an Action or a
   * version): hand every Action of a tenant the same one. A fresh one by default.
   */
  cache?: ActionCache;
  /** See `CompileOptions.watchdog`: off only where a terminated worker stops runaway code. */
  watchdog?: boolean;
  /**
   * The npm modules the Action declares and where they are installed. For a bundle given by path,
   * the build's manifest beside it says (deploy/build-actions.ts); an inline one, its own field.
   */
  dependencies?: ActionDependencies;
  /**
   * The Action Modules the Action uses, each at the version it pins, with the module's own secrets and
   * npm dependencies: its code finds one with `require('actions:NAME')`.
   */
  modules?: readonly ActionModuleSource[];
}

/** Loads a built CommonJS bundle (a path, or inline `{ name, code }`) and runs its module code once. */
export const loadBundledAction = async (
  file: BundleSource,
  options: LoadOptions = {},
): Promise<LoadedAction> => {
  const { name, code, sourceMap, dependencies } =
    typeof file === 'string'
      ? {
          name: path.basename(file, '.js'),
          code: await readBundle(file),
          sourceMap: await readSourceMap(file),
          dependencies: options.dependencies ?? (await readManifestDependencies(file)),
        }
      : { ...file, dependencies: options.dependencies ?? file.dependencies };
  const module = compileActionModule(name, code, {
    sourceMap,
    watchdog: options.watchdog ?? true,
    dependencies,
    modules: options.modules,
  });
  const cache = options.cache ?? new ActionCache();
  const loaded: LoadedAction = {
    name: module.name,
    loadLogs: module.loadLogs,
    errors: module.errors,
    continues: module.continues,
    realm: module.realm,
    intoRealm: module.intoRealm,
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

/**
 * What the build's manifest beside a bundle records of its declared dependencies: the list, and the
 * folder (relative to the bundle's) whose package.json installs them. Nothing when there is none.
 */
export const readManifestDependencies = async (file: string): Promise<ActionDependencies | undefined> => {
  const folder = path.dirname(path.resolve(file));
  const text = await readFile(path.join(folder, 'manifest.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const entries = JSON.parse(text) as {
      file?: string;
      dependencies?: ActionDependencies['declared'];
      dependenciesFrom?: string;
    }[];
    const entry = entries.find((candidate) => candidate.file === path.basename(file));
    if (!entry?.dependencies?.length || entry.dependenciesFrom === undefined) return undefined;
    return { declared: entry.dependencies, from: path.resolve(folder, entry.dependenciesFrom) };
  } catch {
    return undefined;
  }
};

/**
 * The map the build wrote beside the bundle, with its sources made relative to the working folder
 * (they are relative to the bundle's folder in the file), so a failure names `actions/x.ts`.
 */
const readSourceMap = async (file: string): Promise<string | undefined> => {
  const text = await readFile(`${file}.map`, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const map = JSON.parse(text) as { sources?: string[] };
    const folder = path.dirname(path.resolve(file));
    map.sources = (map.sources ?? []).map((source) =>
      path.relative(process.cwd(), path.resolve(folder, source)),
    );
    return JSON.stringify(map);
  } catch {
    return undefined;
  }
};

/** Loads a bundle and runs one login through it. */
export const runBundledAction = async (
  file: BundleSource,
  event: PostLoginEvent,
  options?: RunOptions,
): Promise<LoginOutcome> => (await loadBundledAction(file)).run(event, options);
