import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { parseActionDependencies } from '../deploy/action-dependencies.ts';
import { declaringActions } from '../deploy/action-imports.ts';
import { readTenantYaml } from '../deploy/tenant-yaml.ts';
import type { ActionModuleSource } from '../emulator/actions/index.ts';
import { AuditError } from './errors.ts';

// The Action Modules an audited bundle requires (`actions:NAME`), as the tenant.yaml beside its
// folder declares them: the Action's `modules` say which, the `actionModules` entries give each one's
// code (the file its `code` names, as deploy-cli reads it) and npm dependencies, installed where the
// bundle's own are (the manifest's `dependenciesFrom`). The audit holds no secret values: it tells the
// Action only its audience, and a module none, so a module reading `actions.secrets` finds it empty.

interface ModuleEntry {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly dependencies?: unknown;
}

/** The folder whose package.json installs the bundle's npm modules, as its build's manifest records it. */
const dependenciesFrom = async (file: string): Promise<string | undefined> => {
  const folder = path.dirname(file);
  const text = await readFile(path.join(folder, 'manifest.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const entries = JSON.parse(text) as { file?: string; dependenciesFrom?: string }[];
    const from = entries.find((entry) => entry.file === path.basename(file))?.dependenciesFrom;
    return from === undefined ? undefined : path.resolve(folder, from);
  } catch {
    // As for the bundle's own dependencies (readManifestDependencies): an unreadable manifest names none.
    return undefined;
  }
};

/** The modules the bundle's Action lists in tenant.yaml, ready for the emulator; none when it lists none. */
export const readBundleModules = async (bundle: string): Promise<ActionModuleSource[]> => {
  const file = path.resolve(bundle);
  const outDir = path.dirname(file);
  const action = (await declaringActions(outDir)).get(path.basename(file, '.js'));
  if (!action?.modules.length) return [];
  const tenantFile = path.join(path.dirname(outDir), 'tenant.yaml');
  const yaml = readTenantYaml(tenantFile, await readFile(tenantFile, 'utf8'));
  const raw = ((parse(yaml.text) ?? {}) as { actionModules?: unknown }).actionModules;
  const entries = (Array.isArray(raw) ? raw : []) as ModuleEntry[];
  const from = await dependenciesFrom(file);
  return Promise.all(
    action.modules.map(async (name) => {
      const entry = entries.find((candidate) => candidate?.name === name);
      if (typeof entry?.code !== 'string')
        throw new AuditError(
          'E_AUDIT_SOURCE',
          `Action ${action.name} uses the Action Module ${name}, but ${tenantFile} has no actionModules entry named ${name} with its code; add one (name, code) or drop the module from the Action's modules`,
        );
      const codeFile = path.resolve(path.dirname(tenantFile), entry.code);
      const code = await readFile(codeFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new AuditError(
          'E_AUDIT_SOURCE',
          `cannot read the code of the Action Module ${name}, ${codeFile} (${error.code}); fix its code path in ${tenantFile}`,
        );
      });
      const declared = parseActionDependencies(`module ${name}`, entry.dependencies);
      return {
        name,
        code,
        secrets: {},
        ...(declared.length && from ? { dependencies: { declared, from } } : {}),
      };
    }),
  );
};
