import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listActionEntryPoints } from '../../deploy/build-actions.ts';
import { preflightTeamTenant, teamEnvironments } from './team-tenant.ts';

// The team's tenant/tenant.yaml and environments/*.json, checked against themselves and actions/:
// nothing here names a client, an Action or a value, so the team's weekly edits need no test edit.

const environments = await teamEnvironments();

describe("the team's tenant", () => {
  it('has a mapping file for local, dev, staging and prod', () => {
    expect(environments).toEqual(expect.arrayContaining(['local', 'dev', 'staging', 'prod']));
  });

  it.each(environments)(
    'resolves for %s: every placeholder mapped, every secret wired, every bundle built and in limits',
    async (env) => {
      // Preflight throws the first problem with its file, line and fix (E_UNRESOLVED_PLACEHOLDER...).
      await expect(preflightTeamTenant(env)).resolves.toBeDefined();
    },
  );

  it('binds only Actions it declares, each to a trigger the Action supports', async () => {
    const { desired } = await preflightTeamTenant('local');
    const actions = new Map((desired.actions ?? []).map((action) => [action.name, action]));
    for (const [trigger, bindings] of Object.entries(desired.triggers ?? {})) {
      for (const { action_name } of bindings) {
        const action = actions.get(action_name);
        expect(
          action,
          `triggers.${trigger} binds ${action_name}, which actions: does not declare`,
        ).toBeDefined();
        const supported = (action?.supported_triggers ?? []) as { id?: string }[];
        expect(
          supported.map((entry) => entry.id),
          `${action_name} is bound to ${trigger} but its supported_triggers do not list it`,
        ).toContain(trigger);
      }
    }
  });

  it('declares every Action in actions/, so none is built and never deployed', async () => {
    const { desired } = await preflightTeamTenant('local');
    const declared = (desired.actions ?? []).map((action) => action.name);
    for (const entry of await listActionEntryPoints()) {
      const name = path.basename(entry, '.ts');
      expect(declared, `actions/${name}.ts is not declared in tenant/tenant.yaml`).toContain(name);
    }
  });
});
