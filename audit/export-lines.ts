import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

// Auth0's users export job writes NDJSON, one user a line, gzipped (Auth0 docs, "Bulk User Exports":
// https://auth0.com/docs/manage-users/user-migration/bulk-user-exports). This cuts the stream into
// batches of whole lines, numbered, without parsing them: the workers parse.

/**
 * About how many bytes of lines go to a worker at once: big enough to amortise a message. 1 MiB sends
 * a quarter of the messages but made reading the export slower: the bench's floor took 8.1-9.0 s for
 * 1,000,000 users against 7.3-7.5 s (its thread 6.5-7.2 s of CPU against 5.6-5.8; three runs each,
 * alternating), and the audit itself was no faster.
 */
export const BATCH_BYTES = 256 * 1024;
const NEWLINE = 0x0a;
const GZIP_MAGIC = [0x1f, 0x8b] as const;

export interface LineBatch {
  /** The 1-based number of the batch's first line. */
  readonly firstLine: number;
  /** Whole lines, joined by `\n`, without the last line's `\n`. */
  readonly bytes: Uint8Array;
  /** How many lines it holds. */
  readonly lines: number;
}

const countNewlines = (bytes: Uint8Array, end: number): number => {
  let count = 0;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, end);
  for (let at = buffer.indexOf(NEWLINE); at !== -1; at = buffer.indexOf(NEWLINE, at + 1)) count++;
  return count;
};

/** Gunzips the stream when it starts with gzip's magic bytes, so a `.json` or `.json.gz` both work. */
export async function* decompressed(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  // The magic may arrive split over chunks (or after empty ones): read until two bytes are in.
  let head = Buffer.alloc(0);
  let ended = false;
  while (head.length < GZIP_MAGIC.length && !ended) {
    const next = await iterator.next();
    if (next.done) ended = true;
    else head = Buffer.concat([head, next.value]);
  }
  const whole = async function* () {
    if (head.length > 0) yield head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) {
    yield* whole();
    return;
  }
  const gunzip = createGunzip();
  // pipeline destroys the gunzip stream with the source's error, which ends the loop below with it.
  pipeline(Readable.from(whole()), gunzip, () => undefined);
  yield* gunzip as AsyncIterable<Uint8Array>;
}

/** Batches of whole lines, each about BATCH_BYTES; a last line without `\n` is a line too. */
export async function* lineBatches(source: AsyncIterable<Uint8Array>): AsyncGenerator<LineBatch> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let nextLine = 1;
  const flush = (bytes: Buffer): LineBatch => {
    const lines = countNewlines(bytes, bytes.length) + 1;
    const batch = { firstLine: nextLine, bytes, lines };
    nextLine += lines;
    return batch;
  };
  for await (const chunk of source) {
    pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    pendingBytes += chunk.byteLength;
    if (pendingBytes < BATCH_BYTES) continue;
    const joined = Buffer.concat(pending, pendingBytes);
    const cut = joined.lastIndexOf(NEWLINE);
    if (cut === -1) {
      pending = [joined];
      continue;
    }
    // A copy: the batch outlives `joined`, whose tail is kept for the next one.
    yield flush(Buffer.from(joined.subarray(0, cut)));
    const rest = joined.subarray(cut + 1);
    pending = rest.length > 0 ? [Buffer.from(rest)] : [];
    pendingBytes = rest.length;
  }
  if (pendingBytes > 0) yield flush(Buffer.concat(pending, pendingBytes));
}

/**
 * V8 puts a string of 128 KiB or more in its large-object space, and making one costs about 4 µs a
 * KiB against 0.1 below (Node 20, measured: 1.1 ms for a 256 KiB batch, more than JSON.parse of its
 * lines). A batch is decoded in pieces of whole lines under that size instead.
 */
export const DECODE_PIECE_BYTES = 64 * 1024;
const BOM = [0xef, 0xbb, 0xbf] as const;
// The BOM is left in by this decoder and taken off the batch's start below, as a whole-batch
// TextDecoder would: a piece starting a line must keep whatever the line holds.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * A batch's lines as text, a piece at a time: the same strings as `new TextDecoder().decode(bytes)
 * .split('\n')` (a UTF-8 BOM at the batch's start dropped, malformed bytes as U+FFFD), decoded in
 * pieces of whole lines. A cut falls only on a newline, which no UTF-8 sequence holds, so the pieces
 * decode as the whole would.
 */
export function* linePieces(bytes: Uint8Array, pieceBytes = DECODE_PIECE_BYTES): Generator<string[]> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let start = buffer[0] === BOM[0] && buffer[1] === BOM[1] && buffer[2] === BOM[2] ? BOM.length : 0;
  for (;;) {
    let end = buffer.length;
    if (end - start > pieceBytes) {
      end = buffer.lastIndexOf(NEWLINE, start + pieceBytes);
      if (end < start) end = buffer.indexOf(NEWLINE, start + pieceBytes);
      if (end === -1) end = buffer.length;
    }
    yield decoder.decode(buffer.subarray(start, end)).split('\n');
    if (end >= buffer.length) return;
    start = end + 1;
  }
}

/** All of a batch's lines as text (linePieces, joined). */
export const batchLines = (bytes: Uint8Array, pieceBytes = DECODE_PIECE_BYTES): string[] => {
  const lines: string[] = [];
  for (const piece of linePieces(bytes, pieceBytes)) {
    for (let index = 0; index < piece.length; index++) lines.push(piece[index] as string);
  }
  return lines;
};
