import vm from 'node:vm';
import type { ActionDependencies } from '../../core/action-dependencies.ts';
import { createActionRequire } from './action-require.ts';
import type { RealmErrors } from './vm-globals.ts';

// Action Modules as an Action's `require` finds them ("Write Your First Action Module": the require
// statement names a module as `actions:[module-name]`). A module is code shared by Actions, with its
// own secrets ("Each Action Module Secret is independent from other Actions Modules and Actions
// Secrets"; the module reads them as `actions.secrets.[secret_key]`) and its own npm dependencies
// (its `require('[package-name]')`). An Action may require only the modules it uses (tenant.yaml
// `modules`, each at one published version). Each module is compiled into the requiring Action's
// realm, so its `fetch` and `http` go through the login's msw handlers, and evaluated once per realm:
// a second `require` answers the same exports, as Node's cache does.

/** One Action Module an Action uses, at the version it pins. */
export interface ActionModuleSource {
  readonly name: string;
  /** The published version number the Action pins (for messages only). */
  readonly version?: number;
  /** The module's CommonJS code. */
  readonly code: string;
  /** The module's own secrets, as `actions.secrets` shows them to its code. */
  readonly secrets?: Readonly<Record<string, string>>;
  /** The npm modules the module declares, and where they are installed. */
  readonly dependencies?: ActionDependencies | undefined;
}

/** The prefix of a `require` that names an Action Module. */
export const ACTION_MODULE_PREFIX = 'actions:';

export const UNDECLARED_ACTION_MODULE = 'E_UNDECLARED_ACTION_MODULE';

/** A module's file name in stack traces, as deploy-cli lays modules out. */
const moduleFile = (name: string) => `action-modules/${name}/code.js`;

const WRAPPER_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname', 'actions'];

export interface ModuleRequireOptions {
  readonly action: string;
  readonly modules: readonly ActionModuleSource[];
  readonly errors: RealmErrors;
  readonly builtin: (id: string) => unknown;
  readonly context: vm.Context;
}

/**
 * The `require` an Action's code gets: `actions:NAME` loads the Action Module it uses, anything else
 * goes to `requireDependency` (built-ins and declared npm modules). A module it does not use throws a
 * realm Error with `code` E_UNDECLARED_ACTION_MODULE and `detail`, the message without the code.
 */
export const withActionModules = (
  requireDependency: (id: string) => unknown,
  options: ModuleRequireOptions,
): ((id: string) => unknown) => {
  const { action, modules, errors, builtin, context } = options;
  const byName = new Map(modules.map((module) => [module.name, module]));
  const makeActions = vm.runInContext(
    '(secrets) => Object.freeze({ secrets: Object.freeze(Object.assign({}, secrets)) })',
    context,
  ) as (secrets: Record<string, string>) => unknown;
  const newModule = vm.runInContext('() => ({ exports: {} })', context) as () => { exports: unknown };
  const loaded = new Map<string, { exports: unknown }>();

  const load = (source: ActionModuleSource): unknown => {
    const cached = loaded.get(source.name);
    if (cached) return cached.exports;
    const module = newModule();
    loaded.set(source.name, module);
    const filename = moduleFile(source.name);
    try {
      const wrapper = vm.compileFunction(source.code, WRAPPER_PARAMETERS, {
        parsingContext: context,
        filename,
      });
      const require = createActionRequire({
        action: `module ${source.name}`,
        dependencies: source.dependencies,
        errors,
        builtin,
        context,
      });
      wrapper.call(
        module.exports,
        module.exports,
        require,
        module,
        `/${filename}`,
        '/',
        makeActions({ ...source.secrets }),
      );
    } catch (error) {
      loaded.delete(source.name);
      throw error;
    }
    return module.exports;
  };

  return (id) => {
    if (!id.startsWith(ACTION_MODULE_PREFIX)) return requireDependency(id);
    const name = id.slice(ACTION_MODULE_PREFIX.length);
    const source = byName.get(name);
    if (!source) {
      const detail = `Action ${action} requires '${id}' but does not use the Action Module ${name}; add "- { module_name: ${name}, module_version_number: <published version> }" to its modules in tenant.yaml`;
      throw Object.assign(new errors.Error(`${UNDECLARED_ACTION_MODULE}: ${detail}`), {
        code: UNDECLARED_ACTION_MODULE,
        detail,
      });
    }
    return load(source);
  };
};
