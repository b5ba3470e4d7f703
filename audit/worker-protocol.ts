import type { ActionModuleSource, BundleSource } from '../emulator/actions/index.ts';
import type { ContractModule } from './contract-module.ts';
import type { Tally } from './tally.ts';

// The messages between the audit's main thread and its workers.

/** A bundle to audit, with the Action Modules its Action uses (bundle-modules.ts). */
export type AuditedBundle = Exclude<BundleSource, string> & {
  readonly modules?: readonly ActionModuleSource[];
};

export interface WorkerData {
  readonly action: AuditedBundle;
  readonly against?: AuditedBundle;
  /** The legacy Rule's source, when there is one to compare with. */
  readonly legacyRule?: string;
  /** Our API's identifier: every audited login asks a token for it, so both tokens are issued. */
  readonly audience: string;
  readonly showValues: boolean;
  /** The contract the counts are made against. */
  readonly contract: ContractModule;
}

/** Whole export lines, the first of them numbered `firstLine` (1-based). */
export interface BatchMessage {
  readonly type: 'batch';
  readonly id: number;
  readonly firstLine: number;
  readonly bytes: Uint8Array;
}

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly id: number; readonly users: number }
  | { readonly type: 'tally'; readonly tally: Tally }
  | { readonly type: 'failed'; readonly message: string };
