import { createReadStream, existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { batchLines, decompressed, lineBatches } from '../audit/export-lines.ts';
import { runAudit } from '../audit/run-audit.ts';
import { BUNDLE_DIR, LEGACY_RULE_FILE } from '../core/paths.ts';
import { buildActions } from '../deploy/build-actions.ts';
import { DEFAULT_API_AUDIENCE } from '../emulator/actions/index.ts';
import { type Figure, formatFigure } from './figures.ts';
import { writeUsersExport } from './users-export.ts';

// `npm run bench -- audit`: the audit over a synthetic 1,000,000-user export (AUDIT_BENCH_USERS to
// change it), against its floor: one thread that only gunzips, splits and JSON.parses the same file.

const USERS = Number(process.env.AUDIT_BENCH_USERS ?? 1_000_000);
const RSS_SAMPLE_MS = 50;
const mb = (bytes: number) => bytes / 1024 / 1024;

const exportFile = async (): Promise<string> => {
  const file = path.join(tmpdir(), `audit-bench-users-${USERS}.json.gz`);
  if (existsSync(file)) return file;
  const started = performance.now();
  await writeUsersExport(`${file}.partial`, USERS);
  await rename(`${file}.partial`, file);
  console.log(`generated ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
};

/** The floor: what merely reading the export costs, with no audit at all. */
const parseOnly = async (file: string): Promise<{ seconds: number; users: number }> => {
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

export const benchAudit = async (): Promise<Figure[]> => {
  await buildActions();
  const file = await exportFile();

  // The audit first, in a process that has not yet parsed the export itself, so its peak RSS is its own.
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, RSS_SAMPLE_MS);
  const report = await runAudit({
    source: createReadStream(file, { highWaterMark: 1 << 20 }),
    bundle: path.join(BUNDLE_DIR, 'post-login-claims.js'),
    legacyRule: LEGACY_RULE_FILE,
    audience: DEFAULT_API_AUDIENCE,
  }).finally(() => clearInterval(sampler));

  const floor = await parseOnly(file);
  console.log(
    `audit: ${report.users} users = ${report.usersPerSecond} users/s on every core; ${report.malformed.count} malformed lines; ` +
      `floor: ${floor.users} lines = ${Math.round(floor.users / floor.seconds)}/s on one thread`,
  );
  const figures: Figure[] = [
    {
      label: `audit of ${report.users} users`,
      value: report.seconds,
      unit: 's',
      floor: {
        label: 'one thread that only gunzips, splits and JSON.parses the export',
        value: floor.seconds,
      },
      budget: 'audit.time',
    },
    {
      label: `audit peak RSS, ${report.users} users`,
      value: mb(peak),
      unit: 'MB',
      floor: { label: 'the process before the audit', value: mb(baseline) },
      budget: 'audit.rss',
    },
  ];
  for (const figure of figures) console.log(formatFigure(figure));
  return figures;
};
