import type { FakeTenant } from '../../../emulator/tenant/fake-tenant.ts';

// Watches the tenant's user reads and writes, in the order the tenant applied them, to tell whether
// any write undid another's change, and to act (kill, delay) at a chosen moment of the traffic.

export type Leaves = Record<string, unknown>;

export interface UserHistory {
  /** The user's leaves before the first write, then after each write, in the order applied. */
  readonly states: Leaves[];
  /** When each write was applied (ms since the epoch). */
  readonly times: number[];
}

const LEAVES = [
  'preferences.language',
  'preferences.timezone',
  'preferences.theme',
  'preferences.colour',
  'display_name',
  'private_note',
];

const leavesOf = (tenant: FakeTenant, userId: string): Leaves => {
  const metadata = tenant.state.users.find((user) => user.user_id === userId)?.user_metadata ?? {};
  const preferences = (metadata.preferences ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    LEAVES.map((leaf) => [
      leaf,
      leaf.startsWith('preferences.') ? preferences[leaf.slice(12)] : metadata[leaf],
    ]),
  );
};

/** The machine-to-machine client a Management API call comes from (its token's `azp`). */
const callerOf = (request: Request): string => {
  const token = request.headers.get('authorization')?.split('.')[1] ?? '';
  try {
    return (JSON.parse(Buffer.from(token, 'base64url').toString()) as { azp?: string }).azp ?? '';
  } catch {
    return '';
  }
};

export const watchWrites = (tenant: FakeTenant) => {
  const histories = new Map<string, UserHistory & { states: Leaves[]; times: number[] }>();
  const delays = new Map<string, number>();
  const reads = new Map<string, number>();
  const readWaiters: Array<() => void> = [];
  let killer: ((user: string, caller: string) => Promise<void> | undefined) | undefined;

  const handle = async (request: Request): Promise<Response> => {
    const match = /^\/api\/v2\/users\/([^/]+)$/.exec(new URL(request.url).pathname);
    if (match === null) return tenant.handle(request);
    const userId = decodeURIComponent(match[1] ?? '');
    if (request.method === 'GET') {
      reads.set(userId, (reads.get(userId) ?? 0) + 1);
      for (const wake of readWaiters.splice(0)) wake();
      await killer?.(userId, callerOf(request));
      const delay = delays.get(userId);
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay));
      return tenant.handle(request);
    }
    const history = histories.get(userId) ?? { states: [leavesOf(tenant, userId)], times: [] };
    histories.set(userId, history);
    const response = await tenant.handle(request);
    if (request.method === 'PATCH' && response.ok) {
      history.states.push(leavesOf(tenant, userId));
      history.times.push(Date.now());
    }
    return response;
  };

  return {
    handle,
    of: (userId: string): UserHistory => histories.get(userId) ?? { states: [], times: [] },
    delayReads: (userId: string, ms: number) => delays.set(userId, ms),
    readsArrived: async (userId: string, count: number) => {
      while ((reads.get(userId) ?? 0) < count)
        await new Promise<void>((resolve) => readWaiters.push(resolve));
    },
    /**
     * Once `userId` has had `afterWrites` writes, runs `kill` when `caller`'s next read of that user
     * arrives, and holds that read until then. Resolves when it ran, with what `kill` returned.
     */
    killOnRead: (userId: string, caller: string, afterWrites: number, kill: () => Promise<number>) =>
      new Promise<{ at: number; lockLeftMs: number }>((resolve) => {
        killer = (user, from) => {
          if (
            user !== userId ||
            from !== caller ||
            (histories.get(userId)?.times.length ?? 0) < afterWrites
          ) {
            return undefined;
          }
          killer = undefined;
          return kill().then((lockLeftMs) => resolve({ at: Date.now(), lockLeftMs }));
        };
      }),
  };
};

export type TenantWrites = ReturnType<typeof watchWrites>;
