import vm from 'node:vm';

/**
 * Intrinsics the module code finds as bindings of an enclosing function, the realm's own, instead of
 * as globals: a `vm` context's global object answers every lookup through Node's interceptor, a call
 * into C++ each time. The claims Action's `Object.hasOwn`, `Array.isArray` and the like were 13% of
 * an audited login's time (perf, with --perf-basic-prof). The values are the ones the realm's global
 * holds when the module loads: code that later assigns a new value to one of these globals keeps
 * seeing the realm's own, where a whole Node process would see the new one. Promise, console and the
 * other globals a library may replace stay global lookups.
 */
const BOUND_INTRINSICS = 'Object Array JSON Math Number String Boolean Symbol Reflect'.split(' ');
const MODULE_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];

/** The CommonJS wrapper a bundle's code runs in, called with `this` and the five arguments. */
export type ModuleWrapper = (...parameters: unknown[]) => unknown;

/**
 * The CommonJS wrapper of a bundle's code, compiled in `context` inside a function that binds
 * BOUND_INTRINSICS. The code is first compiled alone, so that only a valid function body loads (it
 * cannot close the wrapper's braces and run outside it); its lines and columns read as in the bundle.
 */
export const compileModuleWrapper = (code: string, context: vm.Context, filename: string): ModuleWrapper => {
  vm.compileFunction(code, MODULE_PARAMETERS, { parsingContext: context, filename });
  const source = `(function (${BOUND_INTRINSICS.join(', ')}) {\nreturn function (${MODULE_PARAMETERS.join(', ')}) {\n${code}\n};\n})`;
  const bind = new vm.Script(source, { filename, lineOffset: -2 }).runInContext(context) as (
    ...intrinsics: unknown[]
  ) => ModuleWrapper;
  return bind(...(vm.runInContext(`[${BOUND_INTRINSICS.join(', ')}]`, context) as unknown[]));
};
