import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { ContractDocsSpec, ContractSpec } from '../claims/index.ts';
import { REPO_ROOT } from '../core/paths.ts';
import { AuditError } from './errors.ts';
import { git, resolveCommit } from './git.ts';

export const CONTRACT_FILE = 'claims/contract.ts';

export interface LoadedContract {
  readonly contract: ContractSpec;
  readonly docs?: ContractDocsSpec;
}

/**
 * The contract as a past commit declared it: its `claims/` files taken out of git into a temporary
 * folder, bundled with our node_modules (valibot) and imported, so it is that commit's own code.
 */
export const contractAtRef = async (ref: string, cwd = REPO_ROOT): Promise<LoadedContract> => {
  const commit = await resolveCommit(ref, cwd);
  const files = (await git(['ls-tree', '-r', '--name-only', commit, '--', 'claims', 'core'], cwd))
    .split('\n')
    .filter((file) => file.endsWith('.ts'));
  if (!files.includes(CONTRACT_FILE))
    throw new AuditError(
      'E_GIT',
      `${ref} has no ${CONTRACT_FILE}; pass --against a ref that has the contract`,
    );
  const dir = await mkdtemp(path.join(tmpdir(), 'contract-at-ref-'));
  try {
    const archive = path.join(dir, 'claims.tar');
    await git(['archive', '--format=tar', '-o', archive, commit, '--', ...files], cwd);
    const { execFile } = await import('node:child_process');
    await new Promise<void>((resolve, reject) =>
      execFile('tar', ['-xf', archive, '-C', dir], (error) => (error ? reject(error) : resolve())),
    );
    const out = path.join(dir, 'contract.mjs');
    await build({
      entryPoints: [path.join(dir, CONTRACT_FILE)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: out,
      nodePaths: [path.join(REPO_ROOT, 'node_modules')],
      logLevel: 'silent',
    }).catch((error: Error) => {
      throw new AuditError('E_BUILD_FAILED', `cannot bundle ${CONTRACT_FILE} at ${ref}: ${error.message}`);
    });
    const module = (await import(pathToFileURL(out).href)) as {
      claimContract?: ContractSpec;
      claimDocs?: ContractDocsSpec;
    };
    if (!module.claimContract)
      throw new AuditError('E_GIT', `${CONTRACT_FILE} at ${ref} exports no claimContract`);
    return { contract: module.claimContract, ...(module.claimDocs ? { docs: module.claimDocs } : {}) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
