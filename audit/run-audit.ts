import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { type BundleSource, readManifestDependencies } from '../emulator/actions/index.ts';
import { readBundleModules } from './bundle-modules.ts';
import { type ContractModule, loadContract, TEAM_CONTRACT } from './contract-module.ts';
import { AuditError } from './errors.ts';
import { refuseCsvExport } from './export-format.ts';
import { decompressed, lineBatches } from './export-lines.ts';
import { type AuditReport, buildReport } from './report.ts';
import { auditInWorkers, type PoolProgress } from './worker-pool.ts';
import type { AuditedBundle } from './worker-protocol.ts';

export interface AuditOptions {
  /** The export's bytes, gzipped or not. */
  readonly source: AsyncIterable<Uint8Array>;
  /** The built Action bundle to audit. */
  readonly bundle: string;
  /** Another build to compare with, and how to name it in the report. */
  readonly against?: { readonly bundle: string; readonly label: string };
  /** The legacy Rule's file; its sizes and withheld keys are reported beside the Action's. */
  readonly legacyRule?: string;
  readonly audience: string;
  /** The contract the counts are made against; the team's (`claims/contract.ts`) unless given. */
  readonly contract?: ContractModule;
  readonly showValues?: boolean;
  /** Worker threads; all cores by default. */
  readonly workers?: number;
  readonly onProgress?: (progress: PoolProgress) => void;
  /** How long a batch may run before the audit stops (the worker pool's default otherwise). */
  readonly batchTimeoutMs?: number;
}

/** A bundle's code, and the npm modules its build's manifest says it requires, for the workers. */
const readSource = async (file: string, what: string): Promise<Exclude<BundleSource, string>> => {
  const code = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new AuditError(
      'E_AUDIT_SOURCE',
      `cannot read ${what} ${file} (${error.code}); run npm run build first`,
    );
  });
  const dependencies = await readManifestDependencies(file);
  return { name: path.basename(file, '.js'), code, ...(dependencies ? { dependencies } : {}) };
};

/** A bundle with the Action Modules its Action uses, from the tenant.yaml beside its folder. */
const readBundle = async (file: string, what: string): Promise<AuditedBundle> => {
  const source = await readSource(file, what);
  const modules = await readBundleModules(file);
  return modules.length ? { ...source, modules } : source;
};

/**
 * Runs every user of an export through the built Action (and the legacy Rule, and another build)
 * in worker threads, streaming: the export is never held whole.
 */
export const runAudit = async (options: AuditOptions): Promise<AuditReport> => {
  const started = performance.now();
  const contractModule = options.contract ?? TEAM_CONTRACT;
  const contract = await loadContract(contractModule);
  const action = await readBundle(options.bundle, 'the Action bundle');
  const against = options.against
    ? await readBundle(options.against.bundle, 'the bundle to compare with')
    : undefined;
  const legacyRule = options.legacyRule
    ? (await readSource(options.legacyRule, 'the legacy Rule')).code
    : undefined;
  const tally = await auditInWorkers(
    lineBatches(refuseCsvExport(decompressed(options.source))),
    {
      action,
      ...(against ? { against } : {}),
      ...(legacyRule ? { legacyRule } : {}),
      audience: options.audience,
      showValues: options.showValues ?? false,
      contract: contractModule,
    },
    {
      workers: options.workers ?? Math.max(1, availableParallelism()),
      onProgress: options.onProgress,
      ...(options.batchTimeoutMs ? { batchTimeoutMs: options.batchTimeoutMs } : {}),
    },
  );
  return buildReport(tally, contract, (performance.now() - started) / 1000, options.against?.label);
};
