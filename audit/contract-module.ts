import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ContractSpec } from '../claims/index.ts';
import { REPO_ROOT } from '../core/paths.ts';
import { AuditError } from './errors.ts';

/**
 * Where the audit finds the contract it counts against: a module and the name it exports it under.
 * A reference, not the object, because the worker threads must load it themselves (its schemas are
 * functions, which a thread cannot be sent).
 */
export interface ContractModule {
  readonly file: string;
  readonly exportName: string;
}

/** The team's contract, `claims/contract.ts`. */
export const TEAM_CONTRACT: ContractModule = {
  file: path.join(REPO_ROOT, 'claims/index.ts'),
  exportName: 'claimContract',
};

const looksLikeContract = (value: unknown): value is ContractSpec =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as ContractSpec).namespace === 'string' &&
  typeof (value as ContractSpec).claims === 'object' &&
  (value as ContractSpec).claims !== null;

export const loadContract = async (module: ContractModule): Promise<ContractSpec> => {
  const loaded: Record<string, unknown> = await import(pathToFileURL(module.file).href);
  const contract = loaded[module.exportName];
  if (!looksLikeContract(contract)) {
    throw new AuditError(
      'E_AUDIT_CONTRACT',
      `${module.file} exports no claim contract named ${module.exportName}: export the defineClaimContract(...) result under that name`,
    );
  }
  return contract;
};
