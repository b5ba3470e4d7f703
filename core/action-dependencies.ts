// An Action's npm dependencies, as tenant.yaml declares them in deploy-cli's format and Auth0 installs
// them: by name at one version per Action. Locally each name and version is installed once, under an
// npm alias in the package.json beside the Actions (`"axios-0.27.2": "npm:axios@0.27.2"`), so two
// Actions may declare two versions of one module and each requires its own.

export interface ActionDependency {
  readonly name: string;
  readonly version: string;
}

/** What an Action's `require` needs to find its declared modules. */
export interface ActionDependencies {
  readonly declared: readonly ActionDependency[];
  /**
   * The folder whose package.json holds the aliases (`actions/` for the team's Actions). Modules are
   * resolved from there as Node resolves them, so a workspace's hoisted install is found too.
   */
  readonly from: string;
}

/**
 * The alias one name and version is installed under. Versions are exact (preflight holds it), so the
 * alias is unambiguous: `@scope/name` at 1.2.3 is `@scope/name-1.2.3`.
 */
export const dependencyAlias = ({ name, version }: ActionDependency): string => `${name}-${version}`;

/** The alias's spec in package.json. */
export const dependencySpec = ({ name, version }: ActionDependency): string => `npm:${name}@${version}`;

/** The package a module id names: `axios/lib/x` -> `axios`, `@scope/pkg/x` -> `@scope/pkg`. */
export const packageNameOf = (id: string): string => {
  const parts = id.split('/');
  return (id.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
};

/**
 * The command, run at the repository's root, that adds `missing` to the aliases of the workspace at
 * `workspace` (relative to the root; `.` for the root package itself) and pins them in the lockfile.
 */
export const installCommand = (workspace: string, missing: readonly ActionDependency[]): string =>
  `npm install ${workspace === '.' ? '' : `--workspace ${workspace} `}--save-dev --save-exact ${missing
    .map((dependency) => `${dependencyAlias(dependency)}@${dependencySpec(dependency)}`)
    .join(' ')}`;
