import { parseArgs } from 'node:util';
import { checkContract, formatContractCheck } from '../audit/contract-check.ts';
import { claimContract, claimDocs } from '../claims/index.ts';
import { UsageError } from '../core/errors.ts';
import { runMain } from '../core/run-main.ts';

const USAGE = 'npm run contract:check [-- --against <git ref>] [--json]';

// `npm run contract:check`: what the contract's changes since REF (the merge base with main by
// default) do to app teams; exit 1 when a change lacks its version bump or changelog line.
runMain(async () => {
  let values: { against?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { against: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}; usage: ${USAGE}`);
  }
  const result = await checkContract({
    current: { contract: claimContract, docs: claimDocs },
    ...(values.against ? { against: values.against } : {}),
  });
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatContractCheck(result));
  return result.gate.ok ? 0 : 1;
});
