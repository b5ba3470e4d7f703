import { StringDecoder } from 'node:string_decoder';
import { AuditError } from './errors.ts';

// The audit reads Auth0's JSON export only. A CSV export cannot hold what it needs: Auth0 writes no
// whole `user_metadata` or `app_metadata` in CSV, only the fields a job names one by one (at most 30),
// and leaves arrays and objects blank (Auth0 docs "Bulk User Exports",
// https://auth0.com/docs/manage-users/user-migration/bulk-user-exports). The keys a user has that
// the contract does not declare, the roles arrays, the legacy Rule's token sizes: all would be
// missing, and the report would be wrong without saying so. So a CSV export is refused up front.

/** Enough of the file to see its first two lines, however long a user's line is. */
const SNIFF_BYTES = 1 << 20;

const firstLines = (head: Buffer): string[] =>
  head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, 2);

/**
 * A users export whose first two lines are not JSON objects is a CSV export (a header row, then a
 * user): refused with what to do instead. One malformed line followed by users is not: it is
 * counted as malformed, as any other.
 */
export const isCsvExport = (lines: readonly string[]): boolean =>
  lines.length > 0 && lines.every((line) => !line.startsWith('{')) && !lines[0]?.includes('{');

/**
 * Counts an export's non-blank lines as its bytes arrive, decoding only what it reads. Blank lines
 * do not count: a malformed first line, blank lines, then users is a JSON export, not a CSV one.
 */
const nonBlankLineCounter = () => {
  const decoder = new StringDecoder('utf8');
  let line = '';
  let count = 0;
  return {
    /** Adds a chunk and returns how many complete non-blank lines have been seen so far. */
    add(chunk: Buffer): number {
      const text = line + decoder.write(chunk);
      let start = 0;
      for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', start)) {
        if (text.slice(start, at).trim() !== '') count++;
        start = at + 1;
      }
      line = text.slice(start);
      return count;
    },
  };
};

/** Passes an export's (decompressed) bytes through, after refusing a CSV export. */
export async function* refuseCsvExport(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  const lines = nonBlankLineCounter();
  let bytes = 0;
  for (let next = await iterator.next(); ; next = await iterator.next()) {
    if (next.done) break;
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    held.push(chunk);
    bytes += chunk.length;
    if (lines.add(chunk) >= 2 || bytes >= SNIFF_BYTES) break;
  }
  if (isCsvExport(firstLines(Buffer.concat(held, bytes)))) {
    throw new AuditError(
      'E_AUDIT_SOURCE',
      "this users export is CSV: Auth0's CSV holds no whole user_metadata or app_metadata (only fields named one by one, arrays left blank), so the audit cannot see what the Action would drop. Export format json with the fields user_metadata and app_metadata (npm run audit -- --env <env> does), and audit that file",
    );
  }
  yield* held;
  for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
}
