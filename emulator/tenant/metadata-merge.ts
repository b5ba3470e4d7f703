import type { Json, JsonObject } from '../../core/json.ts';

// Auth0's merge of a metadata write into a user: the Management API's PATCH /users/{id} and the
// batched writes of a login's Actions both go through it.

/** Auth0's top-level merge: each given key replaces the stored one whole; `null` deletes it. */
export const mergeMetadata = (current: JsonObject, patch: Record<string, unknown>): JsonObject => {
  const merged: JsonObject = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = structuredClone(value) as Json;
  }
  return merged;
};
