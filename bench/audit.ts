import { fork } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAudit } from '../audit/run-audit.ts';
import { BUNDLE_DIR, LEGACY_RULE_FILE } from '../core/paths.ts';
import { buildActions } from '../deploy/build-actions.ts';
import { DEFAULT_API_AUDIENCE } from '../emulator/actions/index.ts';
import type { FloorRun } from './audit-floor.ts';
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

/**
 * The floor, run in a process of its own so that the audit's peak RSS stays the audit's. It runs
 * once before the audit and once after, and the figure takes their mean: on a shared machine one
 * run of the floor alone moved between 9.5 and 15 s, and bracketing the audit slows both alike.
 */
const floorRun = (file: string): Promise<FloorRun> =>
  new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./audit-floor.ts', import.meta.url)), [file]);
    let answer: FloorRun | undefined;
    child.once('message', (message: FloorRun) => {
      answer = message;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      answer
        ? resolve(answer)
        : reject(new Error(`bench/audit-floor.ts exited with ${code} before answering`)),
    );
  });

export const benchAudit = async (): Promise<Figure[]> => {
  await buildActions();
  const file = await exportFile();

  const before = await floorRun(file);
  // The audit in this process, which never parses the export itself, so its peak RSS is its own.
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

  const after = await floorRun(file);
  const floor = { users: after.users, seconds: (before.seconds + after.seconds) / 2 };
  console.log(
    `audit: ${report.users} users = ${report.usersPerSecond} users/s on every core; ${report.malformed.count} malformed lines; ` +
      `floor: ${floor.users} lines = ${Math.round(floor.users / floor.seconds)}/s on one thread ` +
      `(${before.seconds.toFixed(2)} s before the audit, ${after.seconds.toFixed(2)} s after)`,
  );
  const figures: Figure[] = [
    {
      label: `audit of ${report.users} users`,
      value: report.seconds,
      unit: 's',
      floor: {
        label:
          'one thread that only gunzips, splits and JSON.parses the export; mean of a run before and after',
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
