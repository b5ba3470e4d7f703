import type { SizeSummary } from './histogram.ts';
import type { AuditReport } from './report.ts';
import type { Sample } from './tally.ts';

// The audit report as text for people: paths and counts, never metadata values (diff values only
// with --show-values). Key names come from user data: unprintable characters are shown as `?`.

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this replaces
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const MAX_UNDECLARED_SHOWN = 25;

const printable = (text: string): string => {
  const clean = text.replace(UNPRINTABLE, '?');
  return clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
};
const percent = (part: number, whole: number): string =>
  whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(part === whole || part === 0 ? 0 : 1)}%`;
const bytes = (value: number | null): string => (value === null ? '>128 KiB' : `${value} B`);
const sizeLine = (label: string, summary: SizeSummary): string =>
  `  ${label.padEnd(22)} p50 ${bytes(summary.p50).padStart(9)}  p99 ${bytes(summary.p99).padStart(9)}  max ${bytes(summary.max).padStart(9)}`;
const sample = (found: Sample): string =>
  found.users.length === 0
    ? ''
    : ` (e.g. ${found.users.map(printable).join(', ')}${found.count > found.users.length ? ', …' : ''})`;

const table = (rows: string[][]): string[] => {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}`.trimEnd(),
  );
};

export const formatReport = (report: AuditReport): string => {
  const out: string[] = [];
  out.push(
    `Audited ${report.users} users from ${report.lines} lines in ${report.seconds} s (${report.usersPerSecond} users/s), each as a login to our API.`,
  );
  if (report.malformed.count > 0) {
    const more = report.malformed.count > report.malformed.lines.length ? ', …' : '';
    out.push(
      `Malformed lines: ${report.malformed.count} (lines ${report.malformed.lines.join(', ')}${more}); skipped.`,
    );
  }

  out.push('', 'Declared fields (present in metadata / emitted / dropped by reason):');
  out.push(
    ...table([
      ['path', 'present', 'emitted', 'invalid', 'not object', 'nothing kept', 'over budget', 'login failed'],
      ...report.fields.map((field) => [
        field.path,
        String(field.present),
        `${field.emitted} (${percent(field.emitted, field.present)})`,
        String(field.dropped.invalid ?? 0),
        String(field.dropped.not_an_object ?? 0),
        String(field.dropped.nothing_kept ?? 0),
        String(field.dropped.over_budget ?? 0),
        String(field.dropped.login_failed ?? 0),
      ]),
    ]),
  );

  out.push(
    '',
    'Undeclared metadata (never emitted by the Action; "legacy" = users whose legacy Rule tokens carried it):',
  );
  if (report.undeclared.length === 0) out.push('  none');
  out.push(
    ...table([
      ['path', 'users', 'legacy'],
      ...report.undeclared
        .slice(0, MAX_UNDECLARED_SHOWN)
        .map((entry) => [printable(entry.path), String(entry.seen), String(entry.legacyEmitted)]),
    ]).slice(report.undeclared.length === 0 ? 1 : 0),
  );
  const hidden = report.undeclared.length - MAX_UNDECLARED_SHOWN;
  if (hidden > 0) out.push(`  … ${hidden} more paths (all in --json)`);
  if (report.undeclaredOverflow.seen > 0)
    out.push(
      `  … and ${report.undeclaredOverflow.seen} occurrences of paths beyond the first 2000 distinct ones`,
    );

  out.push('', 'Custom claims per token (name + JSON value bytes, as the 100 KB limit counts them):');
  out.push(sizeLine('ID token, Action', report.sizes.idToken.action));
  out.push(sizeLine('ID token, legacy', report.sizes.idToken.legacy));
  out.push(sizeLine('access token, Action', report.sizes.accessToken.action));
  out.push(sizeLine('access token, legacy', report.sizes.accessToken.legacy));

  out.push('', 'Near or over a limit:');
  if (report.limits.length === 0) out.push('  none');
  for (const { limit, near, over } of report.limits) {
    if (over.count > 0) out.push(`  over ${limit}: ${over.count} users${sample(over)}`);
    if (near.count > 0) out.push(`  near ${limit}: ${near.count} users${sample(near)}`);
  }

  const { failures } = report;
  out.push('', 'Logins:');
  out.push(`  fail with the Action: ${failures.failed.count}${sample(failures.failed)}`);
  out.push(`  denied by the Action: ${failures.denied.count}${sample(failures.denied)}`);
  out.push(`  Action caught an error and skipped claims: ${failures.caught.count}${sample(failures.caught)}`);
  out.push(`  failed with the legacy Rule: ${failures.legacyFailed.count}${sample(failures.legacyFailed)}`);
  for (const [message, count] of Object.entries(failures.messages))
    out.push(`    ${count} × ${printable(message)}`);

  if (report.against) {
    const { ref, compared, differ, diffs } = report.against;
    out.push('', `Against ${ref}: ${differ.count} of ${compared} users get different tokens.`);
    for (const { user, line, diffs: changes } of diffs) {
      out.push(`  ${printable(user)} (line ${line}):`);
      for (const change of changes) {
        const values =
          'before' in change || 'after' in change
            ? `: ${JSON.stringify(change.before) ?? '-'} -> ${JSON.stringify(change.after) ?? '-'}`
            : '';
        out.push(`    ${change.change} ${printable(change.path)}${values}`);
      }
    }
  }
  return `${out.join('\n')}\n`;
};
