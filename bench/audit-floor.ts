import { createReadStream } from 'node:fs';
import { batchLines, decompressed, lineBatches } from '../audit/export-lines.ts';

// The floor of `npm run bench -- audit`, in a process of its own (audit.ts forks it before and after
// the audit): what merely reading the export costs, with no audit at all. One thread gunzips the
// file, splits it into lines and JSON.parses each; it sends back how long that took.

export interface FloorRun {
  readonly seconds: number;
  readonly users: number;
}

const parseOnly = async (file: string): Promise<FloorRun> => {
  const started = performance.now();
  let users = 0;
  for await (const batch of lineBatches(decompressed(createReadStream(file, { highWaterMark: 1 << 20 })))) {
    for (const line of batchLines(batch.bytes)) {
      if (line === '') continue;
      try {
        JSON.parse(line);
        users++;
      } catch {}
    }
  }
  return { seconds: (performance.now() - started) / 1000, users };
};

const file = process.argv[2];
if (!file || !process.send) {
  console.error('bench/audit-floor.ts: run by bench/audit.ts, as a forked process given the export file');
  process.exit(2);
}
process.send(await parseOnly(file), () => process.exit(0));
