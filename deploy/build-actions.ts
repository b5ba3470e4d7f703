import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type Message } from 'esbuild';
import { ACTIONS_DIR, BUNDLE_DIR, REPO_ROOT } from '../core/paths.ts';
import { dependenciesWorkspace, refuseUninstalled } from './action-dependencies.ts';
import {
  ACTION_IMPORTS_PLUGIN,
  type ActionImportsOptions,
  actionImportsPlugin,
  declaringActions,
} from './action-imports.ts';
import { digestFiles } from './bundle-inputs.ts';
import { DeployError } from './errors.ts';
import { typecheckActions } from './typecheck-actions.ts';

/** Auth0 refuses an Action whose code exceeds 100 kB; the npm modules it declares do not count. */
export const AUTH0_ACTION_CODE_LIMIT = 100_000;
/** Our own budget, well under Auth0's: a small bundle is quick to review in the dashboard. */
export const ACTION_BUNDLE_BUDGET = 10_000;

/**
 * The placeholder each bundle ends with. Deploys resolve it to a digest of the Action's secret values
 * (deploy/secrets-digest.ts): the Management API never returns secret values, so the deployed
 * code is how a plan can tell that a secret changed. In a bundle run as is, it is only a comment.
 */
export const secretsDigestPlaceholderKey = (actionName: string): string =>
  `ACTION_SECRETS_DIGEST_${actionName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;

export interface BuiltAction {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
}

/**
 * Every `actions/*.ts` file is one Action entry point, and so is every `actions/*.js` (an Action in
 * plain CommonJS, as written in Auth0's editor); helpers live in `actions/lib/`.
 */
export const listActionEntryPoints = async (actionsDir = ACTIONS_DIR): Promise<string[]> =>
  (await readdir(actionsDir, { withFileTypes: true }))
    .filter(
      (entry) =>
        entry.isFile() &&
        ((entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.js')),
    )
    .map((entry) => path.join(actionsDir, entry.name))
    .sort();

/** The bundle, and its source map: kept beside it for the emulator, never deployed. */
export interface ActionBundle {
  readonly code: Uint8Array;
  /** JSON; its `sources` are relative to the bundle's folder. */
  readonly sourceMap: Uint8Array;
  /** Every source file esbuild read: a change to any of them makes the bundle stale. */
  readonly inputs: readonly string[];
}

const undeclaredModule = (error: unknown): Message | undefined =>
  (error as { errors?: Message[] }).errors?.find((message) => message.pluginName === ACTION_IMPORTS_PLUGIN);

/**
 * Bundles one Action into a single CommonJS file for Auth0's node22 runtime: everything but Node's
 * built-ins and the npm modules the Action declares, which stay `require` calls. The
 * output depends only on the sources: no timestamps, no absolute paths, so the same commit always
 * yields the same bytes and the same artifact can be promoted from dev to prod. The source map is
 * external with no `sourceMappingURL` comment, so the deployed code neither carries nor points to it.
 */
export const bundleAction = async (
  entry: string,
  outDir = BUNDLE_DIR,
  imports?: ActionImportsOptions,
): Promise<ActionBundle> => {
  const name = path.basename(entry, path.extname(entry));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // Node has had Unicode property escapes since 10; esbuild's table doubts some of them for node22
    // and turns such a regex into a `new RegExp(...)` call it cannot drop when unused (valibot's emoji
    // regex: 466 bytes of a bundle that never uses it).
    supported: { 'regexp-unicode-property-escapes': true },
    minify: true,
    legalComments: 'none',
    sourcemap: 'external',
    sourcesContent: false,
    outfile: path.join(outDir, `${name}.js`),
    charset: 'utf8',
    logLevel: 'silent',
    metafile: true,
    absWorkingDir: REPO_ROOT,
    footer: { js: `//# secrets-digest: ##${secretsDigestPlaceholderKey(name)}##` },
    plugins: imports ? [actionImportsPlugin(imports)] : [],
  }).catch((error: Error) => {
    const undeclared = undeclaredModule(error);
    if (undeclared) {
      const at = undeclared.location ? `${undeclared.location.file}:${undeclared.location.line}: ` : '';
      throw new DeployError('E_UNDECLARED_MODULE', `${at}${undeclared.text}`);
    }
    throw new DeployError(
      'E_BUILD_FAILED',
      `esbuild could not bundle ${path.relative(REPO_ROOT, entry)}: ${error.message}`,
    );
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.js'));
  const sourceMap = result.outputFiles.find((file) => file.path.endsWith('.js.map'));
  if (!code || !sourceMap) throw new DeployError('E_BUILD_FAILED', `esbuild wrote nothing for ${entry}`);
  return {
    code: code.contents,
    sourceMap: sourceMap.contents,
    inputs: Object.keys(result.metafile.inputs).map((input) => path.resolve(REPO_ROOT, input)),
  };
};

export interface BuildOptions {
  readonly actionsDir?: string;
  readonly outDir?: string;
  readonly budget?: number;
}

/**
 * Type-checks every Action (refusing to bundle on a type error), builds each, writes the bundles and a
 * manifest, and refuses any bundle over the limits. The manifest records every source file each
 * bundle was checked and built from, so plan and deploy can tell a stale bundle (bundle-freshness.ts).
 */
export const buildActions = async (options: BuildOptions = {}): Promise<BuiltAction[]> => {
  const outDir = options.outDir ?? BUNDLE_DIR;
  const budget = options.budget ?? ACTION_BUNDLE_BUDGET;
  const actionsDir = options.actionsDir ?? ACTIONS_DIR;
  const entries = await listActionEntryPoints(actionsDir);
  const checked = await typecheckActions(entries.filter((entry) => entry.endsWith('.ts')));
  const declaring = await declaringActions(outDir);
  const workspace = dependenciesWorkspace(actionsDir);
  const tenantFile = path.join(path.dirname(path.resolve(outDir)), 'tenant.yaml');
  await mkdir(outDir, { recursive: true });
  const built: BuiltAction[] = [];
  const inputsOf = new Map<string, Record<string, string>>();
  for (const entry of entries) {
    const name = path.basename(entry, path.extname(entry));
    const action = declaring.get(name)?.name ?? name;
    const declared = declaring.get(name)?.dependencies ?? [];
    await refuseUninstalled(action, declared, workspace);
    const {
      code: contents,
      sourceMap,
      inputs,
    } = await bundleAction(entry, outDir, {
      action,
      actionsDir,
      workspace,
      declared,
      modules: declaring.get(name)?.modules ?? [],
      tenantFile,
    });
    inputsOf.set(name, await digestFiles([...new Set([...inputs, ...checked.files])]));
    if (contents.byteLength > AUTH0_ACTION_CODE_LIMIT) {
      throw new DeployError(
        'E_BUNDLE_TOO_LARGE',
        `${name} bundles to ${contents.byteLength} bytes, over Auth0's ${AUTH0_ACTION_CODE_LIMIT}-byte limit for Action code; declare the npm modules it bundles as dependencies in tenant.yaml (they do not count)`,
      );
    }
    if (contents.byteLength > budget) {
      throw new DeployError(
        'E_BUNDLE_TOO_LARGE',
        `${name} bundles to ${contents.byteLength} bytes, over the ${budget}-byte budget (ACTION_BUNDLE_BUDGET in deploy/build-actions.ts); find what grew with esbuild --analyze`,
      );
    }
    const file = path.join(outDir, `${name}.js`);
    await writeFile(file, contents);
    // Beside the bundle for the emulator's failure reports; tenant.yaml names only the .js, and the
    // manifest and the budget count only it, so deploy-cli never reads or uploads the map.
    await writeFile(`${file}.map`, sourceMap);
    built.push({
      name,
      file,
      bytes: contents.byteLength,
      sha256: createHash('sha256').update(contents).digest('hex'),
    });
  }
  const manifest = built.map(({ name, bytes, sha256 }) => ({
    name,
    file: `${name}.js`,
    bytes,
    sha256,
    inputs: inputsOf.get(name) ?? {},
    // What the bundle leaves to `require`, and the folder (from here) whose package.json installs it.
    dependencies: declaring.get(name)?.dependencies ?? [],
    // The Action Modules the bundle leaves to Auth0 (`actions:NAME`); the build refuses any other.
    modules: declaring.get(name)?.modules ?? [],
    dependenciesFrom: path.relative(outDir, workspace).split(path.sep).join('/'),
  }));
  await writeFile(path.join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return built;
};
