import { DeployError } from './errors.ts';
import type { TenantYaml } from './tenant-yaml.ts';

/**
 * Every trigger binding must name an Action tenant.yaml declares. Auth0 answers a binding to an
 * unknown Action with a 404 only once the import reaches the triggers, after the Actions were
 * written, and retrying cannot help; the plan, which compares names, would not notice either.
 */
export const checkBindings = (parsed: Readonly<Record<string, unknown>>, yaml: TenantYaml): void => {
  const declared = new Set(
    ((parsed.actions ?? []) as { name?: unknown }[]).map((action) => String(action.name)),
  );
  const triggers = (parsed.triggers ?? {}) as Record<string, { action_name?: unknown }[] | null>;
  for (const [trigger, bindings] of Object.entries(triggers)) {
    for (const [index, binding] of (bindings ?? []).entries()) {
      const name = binding?.action_name;
      if (typeof name === 'string' && declared.has(name)) continue;
      const key = `triggers.${trigger}[${index}].action_name`;
      const known = declared.size ? [...declared].join(', ') : 'none';
      throw new DeployError(
        'E_UNKNOWN_ACTION',
        `${yaml.locate(['triggers', trigger, index, 'action_name'])} ${key} is ${JSON.stringify(name ?? null)}, which tenant.yaml's "actions" does not declare (declared: ${known}); name a declared Action or add it under "actions"`,
      );
    }
  }
};
