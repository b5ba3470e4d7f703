import { readFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import {
  type ActionDependencies,
  dependencyAlias,
  installCommand,
  packageNameOf,
} from '../../core/action-dependencies.ts';
import type { RealmErrors } from './vm-globals.ts';

// The `require` an Action's module code gets, as Auth0's runtime gives it: Node's built-ins, and the
// npm modules the Action declares, each at its declared version (installed under its alias, see
// core/action-dependencies.ts). A declared module and everything it requires are compiled into the
// Action's own realm with a CommonJS loader of their own: they see the realm's `process`, `fetch`
// and built-ins (so their `http`, `https` and `fetch` calls are answered by the login's msw handlers
// and never leave the machine), and each Action has its own instances, as on Auth0. Files are found
// with Node's own resolution (package.json `main` and `exports`, `require` conditions); an ES module
// among them is left to Node's own `require`.

export interface ActionRequireOptions {
  readonly action: string;
  readonly dependencies: ActionDependencies | undefined;
  readonly errors: RealmErrors;
  /** Node's built-in `id` as the realm sees it, or undefined when `id` is no built-in. */
  readonly builtin: (id: string) => unknown;
  /** The Action's realm, which the modules are compiled into. */
  readonly context: vm.Context;
}

interface LoadedModule {
  exports: unknown;
}

const WRAPPER_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

export const createActionRequire = (options: ActionRequireOptions): ((id: string) => unknown) => {
  const { action, dependencies, errors, builtin, context } = options;
  const declared = new Map((dependencies?.declared ?? []).map((dependency) => [dependency.name, dependency]));
  const fromWorkspace = dependencies
    ? createRequire(path.join(dependencies.from, 'package.json'))
    : undefined;
  const realmJson = vm.runInContext('JSON', context) as JSON;
  const newModule = vm.runInContext('() => ({ exports: {} })', context) as () => LoadedModule;
  const loaded = new Map<string, LoadedModule>();

  const load = (filename: string): unknown => {
    const cached = loaded.get(filename);
    if (cached) return cached.exports;
    if (filename.endsWith('.node')) {
      throw new errors.Error(
        `Cannot load ${filename}: a native add-on, which Actions cannot use (Manage Dependencies: native modules are not supported)`,
      );
    }
    const module = newModule();
    loaded.set(filename, module);
    const source = readFileSync(filename, 'utf8');
    if (filename.endsWith('.json')) {
      module.exports = realmJson.parse(source);
      return module.exports;
    }
    let wrapper: ReturnType<typeof vm.compileFunction> | undefined;
    try {
      if (!filename.endsWith('.mjs')) {
        wrapper = vm.compileFunction(source.replace(/^#!.*/, ''), WRAPPER_PARAMETERS, {
          parsingContext: context,
          filename,
        });
      }
    } catch (error) {
      if (!(error instanceof SyntaxError) || !/import|export/.test(error.message)) {
        loaded.delete(filename);
        throw error;
      }
    }
    if (!wrapper) {
      // An ES module (a package's `module-sync` or `.mjs` file): Node's own require(esm) loads it,
      // outside the realm, as this Node (20.19+) and Auth0's Node 22 both can.
      module.exports = createRequire(filename)(filename);
      return module.exports;
    }
    try {
      wrapper.call(
        module.exports,
        module.exports,
        requireFrom(filename),
        module,
        filename,
        path.dirname(filename),
      );
    } catch (error) {
      loaded.delete(filename);
      throw error;
    }
    return module.exports;
  };

  /** `require` inside a module's file: built-ins first, then Node's resolution from that file. */
  const requireFrom = (parent: string) => {
    const resolve = createRequire(parent).resolve;
    const require = (id: string): unknown => {
      const found = builtin(id);
      if (found !== undefined) return found;
      let filename: string;
      try {
        filename = resolve(id);
      } catch {
        throw Object.assign(new errors.Error(`Cannot find module '${id}' (required from ${parent})`), {
          code: 'MODULE_NOT_FOUND',
        });
      }
      return load(filename);
    };
    require.resolve = (id: string): string => (isBuiltin(id) ? id : resolve(id));
    return require;
  };

  return (id) => {
    const found = builtin(id);
    if (found !== undefined) return found;
    const name = packageNameOf(id);
    const dependency = declared.get(name);
    if (!dependency || !fromWorkspace || !dependencies) {
      throw new errors.Error(
        `Cannot find module '${id}': Action ${action} declares no dependency on ${name}; add "- { name: ${name}, version: <exact version> }" to its dependencies in tenant.yaml (the build names the version installed)`,
      );
    }
    const target = `${dependencyAlias(dependency)}${id.slice(name.length)}`;
    let filename: string;
    try {
      filename = fromWorkspace.resolve(target);
    } catch {
      const workspace = path.relative(process.cwd(), dependencies.from) || '.';
      throw new errors.Error(
        `Cannot find module '${id}': Action ${action} declares ${name} ${dependency.version}, which is not installed; run npm ci, or add it with: ${installCommand(workspace, [dependency])}`,
      );
    }
    return load(filename);
  };
};
