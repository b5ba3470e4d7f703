import { randomFillSync } from 'node:crypto';

/** Milliseconds since the epoch; tests pass their own to move time without waiting. */
export type Clock = () => number;

// A login draws five handles (session, sid, code, refresh token family and token). Each
// randomBytes(32) call cost 9 to 20 µs of the event loop (a crypto job per call), about a twentieth
// of a login's time in the tenant; the same CSPRNG filling 4 KB at once serves 128 handles at under
// 1 µs each, as Node's own randomUUID batches its entropy.
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let used = POOL_BYTES;

/** `size` unread bytes of the CSPRNG as base64url; no byte is ever handed out twice. */
const randomText = (size: number): string => {
  if (used + size > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const text = pool.toString('base64url', used, used + size);
  used += size;
  return text;
};

/** An unguessable handle: codes, refresh tokens, session ids. 32 random bytes, base64url. */
export const randomHandle = (): string => randomText(32);

/** A shorter public identifier, for ids that show up in tokens and logs. */
export const publicId = (): string => randomText(16);
