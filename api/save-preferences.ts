import type { ManagementClient } from './management-client.ts';
import { metadataUpdate } from './merge-patch.ts';
import type { FieldChange } from './parse-patch.ts';
import type { UserUpdates } from './user-lock.ts';

interface Batch {
  readonly changes: FieldChange[][];
  readonly waiters: Array<{ resolve(saved: unknown): void; reject(error: unknown): void }>;
}

/**
 * Saves a user's changes with one read-merge-write under their lock. Changes of that user that
 * arrive while a save of theirs is under way in this instance wait for it to end, then go out
 * together, in arrival order: a burst (a settings page sending each toggle) costs two Management API
 * calls and one lock instead of two and one per change. Auth0 limits Management API calls per tenant,
 * and under the lock one user's changes could only go one after the other anyway. Each request is
 * answered with the metadata as saved by the write that carried its change.
 */
export const createPreferenceSaver = (management: ManagementClient, updates: UserUpdates) => {
  const pending = new Map<string, Batch>();
  const saving = new Set<string>();

  const write = (userId: string, changes: FieldChange[]) =>
    updates.run(userId, changes, async ({ missed, confirm }) => {
      const current = await management.readUserMetadata(userId);
      // Ours first, then those a late write of ours may have replaced (see user-lock.ts).
      const update = metadataUpdate(current, [...changes, ...(missed as FieldChange[][]).flat()]);
      await confirm();
      return management.writeUserMetadata(userId, update);
    });

  const drain = async (userId: string): Promise<void> => {
    saving.add(userId);
    for (let batch = pending.get(userId); batch !== undefined; batch = pending.get(userId)) {
      pending.delete(userId);
      try {
        const saved = await write(userId, batch.changes.flat());
        for (const waiter of batch.waiters) waiter.resolve(saved);
      } catch (error) {
        for (const waiter of batch.waiters) waiter.reject(error);
      }
    }
    saving.delete(userId);
  };

  return {
    save: (userId: string, changes: FieldChange[]): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const batch = pending.get(userId) ?? { changes: [], waiters: [] };
        batch.changes.push(changes);
        batch.waiters.push({ resolve, reject });
        pending.set(userId, batch);
        if (!saving.has(userId)) void drain(userId);
      }),
  };
};
