import type { FakeTenant } from '../../../emulator/tenant/fake-tenant.ts';

// Watches the tenant's user reads and writes, in the order the tenant applied them, to tell whether
// any write undid another's change, and to act (kill, delay) at a chosen moment of the traffic.

type Leaves = Record<string, unknown>;

export interface UserHistory {
  /** Each applied write's change, as the PATCH body that makes it: `{"display_name":"x"}`. */
  readonly introduced: string[];
  /** Writes that changed anything but exactly one field: a lost update shows up here. */
  readonly violations: string[];
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

const asBody = (leaf: string, value: unknown): string =>
  JSON.stringify(
    leaf.startsWith('preferences.') ? { preferences: { [leaf.slice(12)]: value } } : { [leaf]: value },
  );

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
  const histories = new Map<string, UserHistory & { last: Leaves }>();
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
    const history = histories.get(userId) ?? {
      introduced: [],
      violations: [],
      times: [],
      last: leavesOf(tenant, userId),
    };
    histories.set(userId, history);
    const response = await tenant.handle(request);
    if (request.method !== 'PATCH' || !response.ok) return response;
    const now = leavesOf(tenant, userId);
    const changed = LEAVES.filter((leaf) => JSON.stringify(now[leaf]) !== JSON.stringify(history.last[leaf]));
    if (changed.length === 1 && changed[0] !== undefined) {
      history.introduced.push(asBody(changed[0], now[changed[0]]));
    } else {
      history.violations.push(`write ${history.times.length + 1} changed ${changed.join(', ') || 'nothing'}`);
    }
    history.times.push(Date.now());
    history.last = now;
    return response;
  };

  return {
    handle,
    of: (userId: string): UserHistory =>
      histories.get(userId) ?? { introduced: [], violations: [], times: [] },
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
      new Promise<{ at: number; locksHeld: number }>((resolve) => {
        killer = (user, from) => {
          if (
            user !== userId ||
            from !== caller ||
            (histories.get(userId)?.times.length ?? 0) < afterWrites
          ) {
            return undefined;
          }
          killer = undefined;
          return kill().then((locksHeld) => resolve({ at: Date.now(), locksHeld }));
        };
      }),
  };
};

export type TenantWrites = ReturnType<typeof watchWrites>;
