import { parentPort, workerData } from 'node:worker_threads';
import type { ContractSpec } from '../claims/index.ts';
import { buildEvent, loadBundledAction } from '../emulator/actions/index.ts';
import { createUserAuditor } from './audit-user.ts';
import { linePieces } from './export-lines.ts';
import { loadLegacyRule } from './legacy-rule.ts';
import { createTally, MAX_MALFORMED_LINES } from './tally.ts';
import type { BatchMessage, WorkerData, WorkerReply } from './worker-protocol.ts';

/** Text decoded at once while auditing a batch: a few lines, so little of it outlives a collection. */
const WORKER_PIECE_BYTES = 8 * 1024;

// One audit worker: loads the built bundle(s) and the legacy Rule once, then audits the batches of
// export lines the main thread sends, and hands back its tally when told to finish. The pool bundles
// it with the contract to count against (worker-pool.ts): a thread cannot be sent its schemas.

export const runAuditWorker = async (contract: ContractSpec): Promise<void> => {
  const data = workerData as WorkerData;
  const port = parentPort;
  if (!port) throw new Error('audit-worker.ts runs only as a worker thread');

  const secrets = { API_AUDIENCE: data.audience };
  // The watchdog is off (see CompileOptions): the main thread terminates a worker whose batch overruns.
  const action = await loadBundledAction(data.action, {
    secrets,
    watchdog: false,
    modules: data.action.modules ?? [],
  });
  const against = data.against
    ? await loadBundledAction(data.against, { secrets, watchdog: false, modules: data.against.modules ?? [] })
    : undefined;
  const legacy = data.legacyRule
    ? loadLegacyRule(data.legacyRule, { CLAIM_NAMESPACE: contract.namespace })
    : undefined;
  const tally = createTally(against !== undefined);
  const audit = createUserAuditor(tally, {
    contract,
    action,
    against,
    legacy,
    event: buildEvent({ secrets, resource_server: { identifier: data.audience } }),
    showValues: data.showValues,
  });

  const malformed = (line: number) => {
    tally.malformed.count++;
    if (tally.malformed.lines.length < MAX_MALFORMED_LINES) tally.malformed.lines.push(line);
  };

  /**
   * A batch is decoded a few lines at a time: the whole batch's text, held while its users were
   * audited, outlived the young generation's collections, which copied it and then moved it to the
   * old one (a third of what each collection kept, measured with --trace-gc-nvp).
   */
  const auditBatch = async ({ firstLine, bytes }: BatchMessage): Promise<number> => {
    let users = 0;
    let line = firstLine - 1;
    for (const lines of linePieces(bytes, WORKER_PIECE_BYTES)) {
      for (let index = 0; index < lines.length; index++) {
        const text = lines[index] ?? '';
        line++;
        if (text.trim() === '') continue;
        tally.lines++;
        let user: unknown;
        try {
          user = JSON.parse(text);
        } catch {
          malformed(line);
          continue;
        }
        if (typeof user !== 'object' || user === null || Array.isArray(user)) {
          malformed(line);
          continue;
        }
        await audit(user as Record<string, unknown>, line);
        users++;
      }
    }
    return users;
  };

  port.on('message', (message: BatchMessage | { type: 'finish' }) => {
    if (message.type === 'finish') {
      const reply: WorkerReply = { type: 'tally', tally };
      port.postMessage(reply);
      return;
    }
    auditBatch(message).then(
      (users) => port.postMessage({ type: 'done', id: message.id, users } satisfies WorkerReply),
      (error: unknown) =>
        port.postMessage({
          type: 'failed',
          message: String((error as Error)?.stack ?? error),
        } satisfies WorkerReply),
    );
  });
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
};
