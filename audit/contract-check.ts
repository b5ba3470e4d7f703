import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';
import { contractAtRef, type LoadedContract } from './contract-at-ref.ts';
import { type ContractChange, compareContracts } from './contract-compare.ts';
import { describeContract } from './contract-describe.ts';
import { CHANGELOG_FILE, type GateResult, gateContractChanges } from './contract-gate.ts';
import { mergeBaseWithMain } from './git.ts';

export interface ContractCheckResult {
  /** What the contract was compared with: the ref as given, or the merge base with main. */
  readonly against: string;
  readonly versions: { readonly before: string; readonly after: string };
  readonly changes: ContractChange[];
  readonly gate: GateResult;
}

export interface ContractCheckOptions {
  readonly current: LoadedContract;
  /** A git ref; the merge base of HEAD with main by default. */
  readonly against?: string;
  readonly cwd?: string;
}

/** Compares the working tree's contract with the one at `against` and applies the version/changelog gate. */
export const checkContract = async (options: ContractCheckOptions): Promise<ContractCheckResult> => {
  const cwd = options.cwd ?? REPO_ROOT;
  const against = options.against ?? (await mergeBaseWithMain(cwd));
  const previous = await contractAtRef(against, cwd);
  const before = describeContract(previous.contract, previous.docs);
  const after = describeContract(options.current.contract, options.current.docs);
  const changes = compareContracts(before, after);
  const changelog = await readFile(path.join(cwd, CHANGELOG_FILE), 'utf8').catch(() => undefined);
  const versions = { before: before.version, after: after.version };
  const gate = gateContractChanges(changes, versions, changelog);
  const unversioned = options.current.contract.version === undefined;
  return {
    against: options.against ?? `merge base with main (${against.slice(0, 10)})`,
    versions,
    changes,
    gate: unversioned
      ? {
          ok: false,
          problems: ['claims/contract.ts declares no version; add version: "1.0.0"', ...gate.problems],
        }
      : gate,
  };
};

const LABELS: Record<ContractChange['class'], string> = {
  breaking: 'BREAKING  ',
  compatible: 'compatible',
  docs: 'docs only ',
};

export const formatContractCheck = (result: ContractCheckResult): string => {
  const out = [`contract ${result.versions.after} against ${result.against} (${result.versions.before}):`];
  if (result.changes.length === 0) out.push('  no changes');
  for (const change of result.changes) out.push(`  ${LABELS[change.class]}  ${change.message}`);
  if (result.gate.ok)
    out.push(result.changes.length > 0 ? 'ok: version and changelog cover every change' : 'ok');
  else for (const problem of result.gate.problems) out.push(`E_CONTRACT_BREAKING: ${problem}`);
  return `${out.join('\n')}\n`;
};
