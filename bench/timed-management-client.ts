import type { ManagementClient } from '../api/management-client.ts';

export interface TimedManagementClient extends ManagementClient {
  /** Milliseconds spent waiting on the Management API so far, over all calls. */
  readonly elapsedMs: number;
}

/**
 * Wraps a Management API client to add up the time spent in its calls, so a benchmark can tell our
 * own per-request cost apart from Auth0's.
 */
export const timeManagementCalls = (
  client: ManagementClient,
  now: () => number = () => performance.now(),
): TimedManagementClient => {
  let elapsedMs = 0;
  const timed =
    <A extends unknown[]>(call: (...args: A) => Promise<unknown>) =>
    async (...args: A): Promise<unknown> => {
      const started = now();
      try {
        return await call(...args);
      } finally {
        elapsedMs += now() - started;
      }
    };
  return {
    readUserMetadata: timed((userId: string) => client.readUserMetadata(userId)),
    writeUserMetadata: timed((userId: string, update: Record<string, unknown>) =>
      client.writeUserMetadata(userId, update),
    ),
    get elapsedMs() {
      return elapsedMs;
    },
  };
};
