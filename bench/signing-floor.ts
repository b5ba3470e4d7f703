import { type KeyObject, sign } from 'node:crypto';
import { availableParallelism } from 'node:os';

// The login's physical floor: each login and each refresh signs two RS256 tokens (ID and access), so
// no tenant can answer faster than two signatures, nor more logins per second than every core
// signing and nothing else allows. Signed here with Node's crypto (OpenSSL) directly, over a token's
// worth of bytes, with the tenant's own key.

/** About what a token's signing input weighs (header.payload, base64url). */
const SIGNING_INPUT = Buffer.alloc(1_200, 'e');

/** Two RS256 signatures, one after the other on this thread: a login's floor, in milliseconds. */
export const twoSignaturesMs = (key: KeyObject): number => {
  const started = performance.now();
  sign('sha256', SIGNING_INPUT, key);
  sign('sha256', SIGNING_INPUT, key);
  return performance.now() - started;
};

const signInPool = (key: KeyObject): Promise<void> =>
  new Promise((resolve, reject) => {
    sign('sha256', SIGNING_INPUT, key, (error) => (error ? reject(error) : resolve()));
  });

/**
 * Logins per second if every core did nothing but sign: signatures per second with every core
 * signing (libuv's pool, two signatures in flight per core), halved. Runs for about `ms`.
 */
export const signingLoginsPerSecond = async (key: KeyObject, ms = 1_000): Promise<number> => {
  const inFlight = 2 * availableParallelism();
  let signatures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() - started < ms) {
        await signInPool(key);
        signatures += 1;
      }
    }),
  );
  return signatures / ((performance.now() - started) / 1000) / 2;
};
