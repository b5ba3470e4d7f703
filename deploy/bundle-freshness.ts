import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_DIR } from '../core/paths.ts';
import { sameDependencies } from './action-dependencies.ts';
import { declaringActions } from './action-imports.ts';
import { type BuiltAction, buildActions, listActionEntryPoints } from './build-actions.ts';
import { changedInput } from './bundle-inputs.ts';

interface ManifestEntry {
  readonly name: string;
  readonly file: string;
  readonly sha256: string;
  readonly inputs?: Readonly<Record<string, string>>;
  readonly dependencies?: readonly unknown[];
  readonly modules?: readonly string[];
}

/**
 * Whether two lists name the same Action Modules, in any order. Only the names matter to a bundle:
 * the version a module is pinned at is read from tenant.yaml at deploy, not built in.
 */
const sameModules = (a: readonly string[], b: readonly string[]): boolean =>
  [...new Set(a)].sort().join('\n') === [...new Set(b)].sort().join('\n');

/**
 * Why the bundles in `outDir` cannot be used as they are, or undefined when they are exactly what a
 * build would write now: every Action has a bundle, each bundle has the bytes its manifest lists,
 * and every source it was type-checked and built from is unchanged.
 */
export const staleBundleReason = async (
  outDir: string = BUNDLE_DIR,
  actionsDir?: string,
): Promise<string | undefined> => {
  const text = await readFile(path.join(outDir, 'manifest.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return 'no bundles built yet';
  let manifest: ManifestEntry[];
  try {
    manifest = JSON.parse(text) as ManifestEntry[];
  } catch {
    return 'the manifest is not JSON';
  }
  const names = (await listActionEntryPoints(actionsDir)).map((entry) =>
    path.basename(entry, path.extname(entry)),
  );
  const listed = manifest.map((entry) => entry.name).sort();
  if (names.join('\n') !== listed.join('\n')) return 'the set of Actions changed';
  const declaring = await declaringActions(outDir);
  for (const entry of manifest) {
    // The declared modules decide what the bundle leaves out.
    if (!sameDependencies(declaring.get(entry.name)?.dependencies ?? [], entry.dependencies ?? []))
      return `the dependencies tenant.yaml declares for ${entry.name} changed`;
    // The modules it uses decide which `actions:NAME` the build accepts.
    if (!sameModules(declaring.get(entry.name)?.modules ?? [], entry.modules ?? []))
      return `the Action Modules tenant.yaml lists for ${entry.name} changed`;
    const bytes = await readFile(path.join(outDir, entry.file)).catch(() => undefined);
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== entry.sha256)
      return `${entry.file} differs from its manifest`;
    if (!entry.inputs) return 'the manifest predates source tracking';
    const changed = await changedInput(entry.inputs);
    if (changed) return `${changed} changed since the last build`;
  }
  return undefined;
};

/**
 * Builds (type-check included) only when the bundles are missing or stale, so `plan` and `deploy`
 * work on a fresh clone with no `npm run build` first, and cost nothing extra when nothing changed.
 */
export const ensureBundlesBuilt = async (
  options: {
    readonly outDir?: string;
    readonly actionsDir?: string;
    readonly log?: (line: string) => void;
  } = {},
): Promise<readonly BuiltAction[] | undefined> => {
  const reason = await staleBundleReason(options.outDir, options.actionsDir);
  if (!reason) return undefined;
  options.log?.(`build: ${reason}; building`);
  return buildActions({
    ...(options.outDir ? { outDir: options.outDir } : {}),
    ...(options.actionsDir ? { actionsDir: options.actionsDir } : {}),
  });
};
