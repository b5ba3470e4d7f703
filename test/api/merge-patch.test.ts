import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editableFields } from '../../api/editable-fields.ts';
import { metadataUpdate } from '../../api/merge-patch.ts';
import type { FieldChange } from '../../api/parse-patch.ts';
import { claimContract } from '../../claims/index.ts';
import { mergeMetadata } from '../../emulator/tenant/metadata-merge.ts';

const FIELDS = editableFields(claimContract);

const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
const currentMetadata = fc.record(
  {
    preferences: fc.oneof(
      fc.dictionary(fc.constantFrom('language', 'theme', 'timezone', 'colour', 'beta'), value, {
        maxKeys: 5,
      }),
      value,
    ),
    display_name: value,
    favourite: value,
  },
  { requiredKeys: [] },
);
const change = fc
  .tuple(fc.constantFrom(...FIELDS), fc.oneof(fc.constant(null), fc.string({ minLength: 1, maxLength: 8 })))
  .map(([spec, next]): FieldChange => ({ path: spec.path, key: spec.key, field: spec.field, value: next }));

/** Reads a dotted path the way the Action reads metadata. */
const at = (metadata: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], metadata);

describe('metadataUpdate under Auth0 top-level merge', () => {
  it('applies every change in order and keeps every other key and field, whatever the current state', () => {
    fc.assert(
      fc.property(currentMetadata, fc.array(change, { minLength: 1, maxLength: 6 }), (current, changes) => {
        const saved = mergeMetadata(structuredClone(current) as never, metadataUpdate(current, changes));
        const last = new Map(changes.map((c) => [c.path, c.value]));
        for (const [path, expected] of last) expect(at(saved, path)).toEqual(expected ?? undefined);
        // Unmanaged keys, and unmanaged fields of a group that was an object, survive.
        expect(saved.favourite).toEqual(current.favourite);
        const before = current.preferences;
        if (typeof before === 'object' && before !== null) {
          for (const [field, kept] of Object.entries(before)) {
            if (!last.has(`preferences.${field}`)) expect(at(saved, `preferences.${field}`)).toEqual(kept);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('deletes a group that the changes leave empty instead of storing {}', () => {
    const update = metadataUpdate({ preferences: { language: 'en' } }, [
      { path: 'preferences.language', key: 'preferences', field: 'language', value: null },
    ]);
    expect(update).toEqual({ preferences: null });
  });
});
