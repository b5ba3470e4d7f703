import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, batchLines, decompressed, lineBatches } from '../../audit/export-lines.ts';

const chunksOf = async function* (bytes: Uint8Array, cuts: number[]) {
  let at = 0;
  for (const cut of [...cuts.map((c) => c % (bytes.length + 1))].sort((a, b) => a - b)) {
    yield bytes.subarray(at, Math.max(at, cut));
    at = Math.max(at, cut);
  }
  yield bytes.subarray(at);
};

const readLines = async (source: AsyncIterable<Uint8Array>) => {
  const lines: Array<[number, string]> = [];
  for await (const batch of lineBatches(decompressed(source))) {
    const texts = Buffer.from(batch.bytes).toString('utf8').split('\n');
    expect(texts.length).toBe(batch.lines);
    for (const [index, text] of texts.entries()) lines.push([batch.firstLine + index, text]);
  }
  return lines.filter(([, text]) => text !== '');
};

describe('export lines', () => {
  it('numbers every line as the file does, however the stream is cut and whether gzipped or not', async () => {
    const line = fc.string({ unit: 'grapheme', maxLength: 30 }).map((text) => text.replace(/\n/g, ' '));
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 40 }),
        fc.array(fc.nat(2_000), { maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        async (lines, cuts, gzip, trailingNewline) => {
          const text = lines.join('\n') + (trailingNewline && lines.length > 0 ? '\n' : '');
          const raw = Buffer.from(text);
          const bytes = gzip ? gzipSync(raw) : raw;
          const expected = lines
            .map((content, index): [number, string] => [index + 1, content])
            .filter(([, t]) => t !== '');
          expect(await readLines(chunksOf(bytes, cuts))).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('cuts a large export into batches of whole lines near BATCH_BYTES', async () => {
    const line = `{"user_id":"auth0|x","user_metadata":{"note":"${'y'.repeat(200)}"}}`;
    const count = Math.ceil((3 * BATCH_BYTES) / line.length);
    const bytes = gzipSync(Buffer.from(`${Array.from({ length: count }, () => line).join('\n')}\n`));
    const batches = [];
    for await (const batch of lineBatches(decompressed(chunksOf(bytes, [1000, 50_000])))) batches.push(batch);
    expect(batches.length).toBeGreaterThan(2);
    expect(batches.every((batch) => batch.bytes.length < 2 * BATCH_BYTES)).toBe(true);
    expect(batches.reduce((total, batch) => total + batch.lines, 0)).toBe(count + 1);
  });

  it('decodes a batch piece by piece into the very lines a whole-batch TextDecoder gives', () => {
    // Bytes rich in what decoding can trip on: newlines, BOMs, multi-byte and malformed sequences.
    const byte = fc.oneof(
      fc.constantFrom(0x0a, 0xef, 0xbb, 0xbf, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0x80, 0xff),
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0, max: 0xff }),
    );
    fc.assert(
      fc.property(
        fc.array(byte, { maxLength: 300 }),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        (values, piece, bom) => {
          const bytes = Uint8Array.from(bom ? [0xef, 0xbb, 0xbf, ...values] : values);
          expect(batchLines(bytes, piece)).toEqual(new TextDecoder().decode(bytes).split('\n'));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
