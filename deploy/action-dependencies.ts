import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type ActionDependency,
  dependencyAlias,
  dependencySpec,
  installCommand,
} from '../core/action-dependencies.ts';
import { REPO_ROOT } from '../core/paths.ts';
import { DeployError } from './errors.ts';
import type { TenantYaml } from './tenant-yaml.ts';

// The `dependencies` of an Action in tenant.yaml: checked against Auth0's limits before any request,
// and against the lockfile that installs them for the emulator, the local tenant and the audit.

/** "Each Action may have a maximum of 10 npm modules" (https://auth0.com/docs/customize/actions/limitations). */
export const MAX_ACTION_DEPENDENCIES = 10;

/** npm's rule for a package name (lower case, URL-safe, one optional scope, at most 214 characters). */
const PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/;
/** An exact semver version: what the lockfile can pin and Auth0 then installs as is. */
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const show = (file: string): string => path.relative(REPO_ROOT, file) || file;

/**
 * An Action's declared dependencies, refused unless each is `{ name, version }` with a valid npm name
 * and an exact version, no name twice, at most MAX_ACTION_DEPENDENCIES. Auth0 also takes a blank
 * version as "the latest" ("Manage Dependencies", https://auth0.com/docs/customize/actions/manage-dependencies):
 * that would deploy whatever is newest that day, not the version the tests ran, so it is refused here.
 */
export const parseActionDependencies = (
  action: string,
  raw: unknown,
  yaml?: TenantYaml,
  index?: number,
): ActionDependency[] => {
  const where = (keys: (string | number)[]) =>
    yaml && index !== undefined ? `${yaml.locate(['actions', index, 'dependencies', ...keys])} ` : '';
  const refuse = (keys: (string | number)[], reason: string): never => {
    throw new DeployError('E_ACTION_DEPENDENCY', `${where(keys)}action ${action}: ${reason}`);
  };
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return refuse([], 'dependencies must be a list of { name, version }');
  if (raw.length > MAX_ACTION_DEPENDENCIES) {
    refuse(
      [],
      `declares ${raw.length} npm modules; Auth0 allows at most ${MAX_ACTION_DEPENDENCIES} per Action (https://auth0.com/docs/customize/actions/limitations)`,
    );
  }
  const seen = new Set<string>();
  return raw.map((item: unknown, at) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const extra = Object.keys(entry).filter((key) => key !== 'name' && key !== 'version');
    if (extra.length)
      refuse(
        [at],
        `a dependency takes only name and version, not ${extra.join(', ')} (npm's public registry)`,
      );
    const { name, version } = entry;
    if (typeof name !== 'string' || name.length > 214 || !PACKAGE_NAME.test(name))
      refuse([at], `${JSON.stringify(name)} is not an npm package name`);
    if (typeof version !== 'string' || !EXACT_VERSION.test(version)) {
      refuse(
        [at],
        `${String(name)} needs an exact version such as 1.2.3, not ${JSON.stringify(version ?? '')}: Auth0 installs a blank version as the latest on the day of the deploy, which is not the version the tests ran (npm view ${String(name)} version)`,
      );
    }
    if (seen.has(name as string)) refuse([at], `${String(name)} is declared twice`);
    seen.add(name as string);
    return { name: name as string, version: version as string };
  });
};

/** Same modules at the same versions, in any order: Auth0 installs a set. */
export const sameDependencies = (a: readonly unknown[], b: readonly unknown[] | undefined): boolean => {
  const key = (list: readonly unknown[]) =>
    list
      .map((item) => {
        const { name, version } = (item ?? {}) as { name?: unknown; version?: unknown };
        return `${String(name)}@${String(version)}`;
      })
      .sort()
      .join('\n');
  return a.length === (b ?? []).length && key(a) === key(b ?? []);
};

/** The folder whose package.json installs an Action's modules: the nearest one at or above the Actions. */
export const dependenciesWorkspace = (actionsDir: string): string => {
  let dir = path.resolve(actionsDir);
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
};

const readJson = async (file: string): Promise<Record<string, unknown> | undefined> => {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>);
};

/** The package-lock.json that pins a workspace: its own, or the repository's above it. */
const lockfileOf = (workspace: string): string | undefined => {
  for (let dir = workspace; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package-lock.json');
    if (existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
};

/**
 * Refuses a declared module the lockfile does not pin at that version under its alias, naming the
 * command that adds it. What the lockfile pins, `npm ci` installs: nothing else is needed.
 */
export const refuseUninstalled = async (
  action: string,
  declared: readonly ActionDependency[],
  workspace: string,
): Promise<void> => {
  if (declared.length === 0) return;
  const manifest = await readJson(path.join(workspace, 'package.json'));
  const lockfile = lockfileOf(workspace);
  const lock = lockfile ? await readJson(lockfile) : undefined;
  const packages = (lock?.packages ?? {}) as Record<string, { version?: string; name?: string }>;
  const relative = lockfile ? path.relative(path.dirname(lockfile), workspace).split(path.sep).join('/') : '';
  const specs = { ...(manifest?.dependencies ?? {}), ...(manifest?.devDependencies ?? {}) } as Record<
    string,
    string
  >;
  const missing = declared.filter((dependency) => {
    const alias = dependencyAlias(dependency);
    const locked =
      packages[`${relative ? `${relative}/` : ''}node_modules/${alias}`] ?? packages[`node_modules/${alias}`];
    return (
      specs[alias] !== dependencySpec(dependency) ||
      locked?.version !== dependency.version ||
      (locked.name ?? dependency.name) !== dependency.name
    );
  });
  if (missing.length === 0) return;
  const list = missing.map(({ name, version }) => `${name} ${version}`).join(', ');
  throw new DeployError(
    'E_DEPENDENCY_NOT_INSTALLED',
    `action ${action} declares ${list}, which ${show(path.join(workspace, 'package.json'))} and ${lockfile ? show(lockfile) : 'its package-lock.json'} do not pin; run: ${installCommand(show(workspace) || '.', missing)}`,
  );
};
