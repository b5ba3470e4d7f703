import type { FieldChange } from './parse-patch.ts';

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `user_metadata` body of the Management API PATCH that applies `changes` to `current`.
 *
 * Auth0 merges `user_metadata` at the top level only: sending `{"preferences": {...}}` replaces the
 * whole `preferences` object. So a group is rebuilt from the user's current object with the changes
 * applied (fields we do not manage are kept as they are), and only touched top-level keys are sent.
 * A group left empty is sent as `null`, which deletes the key. The caller must hold the user's lock
 * from reading `current` until this PATCH is answered, or a concurrent change would be lost.
 */
export const metadataUpdate = (
  current: unknown,
  changes: readonly FieldChange[],
): Record<string, unknown> => {
  const metadata = isPlainRecord(current) ? current : {};
  const update: Record<string, unknown> = {};
  for (const change of changes) {
    if (change.field === undefined) {
      update[change.key] = change.value;
      continue;
    }
    const pending = Object.hasOwn(update, change.key) ? update[change.key] : undefined;
    const existing = Object.hasOwn(metadata, change.key) ? metadata[change.key] : undefined;
    const base = isPlainRecord(pending) ? pending : isPlainRecord(existing) ? existing : {};
    const group: Record<string, unknown> = { ...base };
    if (change.value === null) delete group[change.field];
    else group[change.field] = change.value;
    update[change.key] = group;
  }
  for (const [key, value] of Object.entries(update)) {
    if (isPlainRecord(value) && Object.keys(value).length === 0) update[key] = null;
  }
  return update;
};
