import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ManagedType } from './desired-state.ts';
import { selectForImport } from './import-selection.ts';
import type { ManagementApi, ManagementConnection } from './management-api.ts';
import type { Plan } from './plan-types.ts';
import type { PreflightResult } from './preflight.ts';
import type { CurrentTenant } from './read-tenant.ts';
import { runDeployCliImport } from './run-import.ts';

export interface ApplyInput {
  readonly plan: Plan;
  readonly checked: PreflightResult;
  /** The tenant as the plan read it: which clients are someone else's. */
  readonly current: CurrentTenant;
  readonly connection: ManagementConnection;
  readonly api: ManagementApi;
  readonly quiet: boolean;
}

/**
 * Creates and updates go through the real deploy-cli, handed only the changed resources; deletes go
 * by id, only those the plan lists. deploy-cli never deletes: with AUTH0_ALLOW_DELETE it removes every
 * resource of an imported type that its YAML lacks, which on a shared tenant is other teams' work.
 */
export const applyPlan = async (input: ApplyInput): Promise<void> => {
  const { plan, checked } = input;
  const writes = plan.changes.filter((change) => change.kind !== 'delete');
  if (writes.length) {
    const declared = new Set((checked.desired.clients ?? []).map((client) => String(client.name)));
    // Others' clients keep their grants and their access to the connections tenant.yaml declares.
    const others = (input.current.clients ?? [])
      .map((client) => String(client.name))
      .filter((name) => !declared.has(name));
    const selection = selectForImport(await readFile(checked.inputFile, 'utf8'), checked.keywords, plan);
    const folder = selection ? await mkdtemp(path.join(tmpdir(), 'deploy-selection-')) : undefined;
    const inputFile = folder ? path.join(folder, 'tenant.yaml') : checked.inputFile;
    if (folder && selection) await writeFile(inputFile, selection.yaml);
    try {
      await runDeployCliImport({
        inputFile,
        basePath: path.dirname(checked.inputFile),
        connection: input.connection,
        keywords: checked.keywords,
        unmanagedClients: [...new Set([...checked.mapping.unmanagedClients, ...others])],
        allowDelete: false,
        types: selection?.types ?? ([...new Set(writes.map((change) => change.type))] as ManagedType[]),
        quiet: input.quiet,
      });
    } finally {
      if (folder) await rm(folder, { recursive: true, force: true });
    }
  }
  for (const change of plan.changes) {
    if (change.kind === 'delete' && change.target) await input.api.remove(change.target);
  }
};
