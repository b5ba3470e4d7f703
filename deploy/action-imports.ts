import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { parse } from 'yaml';
import { type ActionDependency, packageNameOf } from '../core/action-dependencies.ts';
import { REPO_ROOT } from '../core/paths.ts';
import { parseActionDependencies } from './action-dependencies.ts';
import { readTenantYaml } from './tenant-yaml.ts';

// What an Action's own code may import: its own files (and the repository's, such as the claim
// contract, which are bundled in), Node's built-ins, and the npm modules tenant.yaml declares for it,
// which stay `require` calls for Auth0 to install, and the Action Modules it uses (`actions:NAME`,
// tenant.yaml `modules`), which Auth0 loads. Anything else would bundle a module no one declared, or
// fail on Auth0: the build refuses it.

export const ACTION_IMPORTS_PLUGIN = 'action-imports';

/** How an Action's code names an Action Module (Auth0's "Write Your First Action Module"). */
const ACTION_MODULE_PREFIX = 'actions:';

/** An Action of tenant.yaml, found by the bundle its `code` names. */
export interface DeclaringAction {
  readonly name: string;
  readonly dependencies: readonly ActionDependency[];
  /** The names of the Action Modules it uses (`modules[].module_name`). */
  readonly modules: readonly string[];
}

/**
 * The Actions of the tenant.yaml beside `outDir` (the YAML names its bundles `./dist/<name>.js`), by
 * bundle name, with their checked dependencies. An out folder with no tenant.yaml beside it declares
 * none.
 */
export const declaringActions = async (outDir: string): Promise<Map<string, DeclaringAction>> => {
  const file = path.join(path.dirname(path.resolve(outDir)), 'tenant.yaml');
  const found = new Map<string, DeclaringAction>();
  if (!existsSync(file)) return found;
  const yaml = readTenantYaml(file, await readFile(file, 'utf8'));
  const actions = ((parse(yaml.text) ?? {}) as { actions?: unknown }).actions;
  if (!Array.isArray(actions)) return found;
  actions.forEach((raw: Record<string, unknown>, index) => {
    if (typeof raw?.code !== 'string' || typeof raw.name !== 'string') return;
    const bundle = path.resolve(path.dirname(file), raw.code);
    if (path.dirname(bundle) !== path.resolve(outDir)) return;
    found.set(path.basename(bundle, '.js'), {
      name: raw.name,
      dependencies: parseActionDependencies(raw.name, raw.dependencies, yaml, index),
      modules: (Array.isArray(raw.modules) ? raw.modules : []).flatMap((entry: unknown) => {
        const name = (entry as { module_name?: unknown } | null)?.module_name;
        return typeof name === 'string' ? [name] : [];
      }),
    });
  });
  return found;
};

const inside = (file: string, dir: string): boolean => {
  const relative = path.relative(dir, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
};

/** The version of `name` that resolves from `workspace`, for the line the error suggests, if any. */
const installedVersion = (name: string, workspace: string): string | undefined => {
  try {
    const manifest = createRequire(path.join(workspace, 'package.json'))(`${name}/package.json`) as {
      version?: string;
    };
    return manifest.version;
  } catch {
    return undefined;
  }
};

/** What one Action may import besides its own files. */
export interface ActionImportsOptions {
  /** The name tenant.yaml gives the Action. */
  readonly action: string;
  readonly actionsDir: string;
  /** The folder whose package.json installs the declared modules. */
  readonly workspace: string;
  readonly declared: readonly ActionDependency[];
  /** The Action Modules the Action uses, by name: `require('actions:NAME')` stays for Auth0. */
  readonly modules?: readonly string[];
  /** The tenant.yaml the line is to be added to, for the message. */
  readonly tenantFile: string;
}

export const actionImportsPlugin = (options: ActionImportsOptions): Plugin => ({
  name: ACTION_IMPORTS_PLUGIN,
  setup(build) {
    const declared = new Set(options.declared.map((dependency) => dependency.name));
    const modules = new Set(options.modules ?? []);
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (isBuiltin(args.path)) return { path: args.path, external: true };
      const tenantFile = path.relative(REPO_ROOT, options.tenantFile) || options.tenantFile;
      if (args.path.startsWith(ACTION_MODULE_PREFIX)) {
        const module = args.path.slice(ACTION_MODULE_PREFIX.length);
        if (modules.has(module)) return { path: args.path, external: true };
        const line = `- { module_name: ${module}, module_version_number: <published version> }`;
        return {
          errors: [
            {
              text: `'${args.path}' is an Action Module that Action ${options.action} does not use: add "${line}" under its modules in ${tenantFile}`,
            },
          ],
        };
      }
      const name = packageNameOf(args.path);
      if (declared.has(name)) return { path: args.path, external: true };
      if (!inside(args.importer, path.resolve(options.actionsDir))) return undefined;
      const version = installedVersion(name, options.workspace);
      return {
        errors: [
          {
            text: `'${args.path}' is neither a Node built-in nor a dependency of Action ${options.action}: add "- { name: ${name}, version: ${version ?? '<exact version>'} }" under its dependencies in ${tenantFile}${version ? '' : ` (npm view ${name} version)`}`,
          },
        ],
      };
    });
  },
});
