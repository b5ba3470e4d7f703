import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editableFields } from '../../api/editable-fields.ts';
import { parsePatch } from '../../api/parse-patch.ts';
import type { UserPreferences } from '../../app/index.ts';
import { claimContract, contractFields } from '../../claims/index.ts';
import { currentValue, patchFromForm, preferenceFormFields } from '../../examples/spa/src/preference-form.ts';

const fields = preferenceFormFields();
const apiFields = editableFields(claimContract);

/** Values the API accepts for each field: its documented example and a second one. */
const VALID: Readonly<Record<string, readonly string[]>> = {
  'preferences.language': ['en-GB', 'fr-CA', 'zh-Hant-TW'],
  'preferences.timezone': ['Europe/Paris', 'UTC', 'America/New_York'],
  'preferences.theme': ['light', 'dark', 'system'],
  display_name: ['Ada L.', 'Grace', 'Ō'],
};

const preferencesFrom = (values: ReadonlyMap<string, string>): UserPreferences => {
  const preferences: Record<string, Record<string, string> | string> = {};
  for (const [path, value] of values) {
    const [key = '', field] = path.split('.');
    if (field === undefined) preferences[key] = value;
    else preferences[key] = { ...(preferences[key] as Record<string, string> | undefined), [field]: value };
  }
  return preferences as UserPreferences;
};

/** Some of the fields, each with one of its valid values. */
const someValues = fc
  .tuple(
    ...fields.map((field) => fc.option(fc.constantFrom(...(VALID[field.path] ?? [])), { nil: undefined })),
  )
  .map(
    (picked) =>
      new Map(fields.flatMap((field, i) => (picked[i] === undefined ? [] : [[field.path, picked[i]]]))),
  );

describe('the generated preferences form', () => {
  it('has one input per field the contract marks user-editable, a list where the schema is one', () => {
    expect(fields.map((field) => field.path)).toEqual(
      contractFields(claimContract)
        .filter((field) => field.spec.editableBy === 'user')
        .map((field) => field.path),
    );
    expect(fields.find((field) => field.path === 'preferences.theme')?.options).toEqual([
      'light',
      'dark',
      'system',
    ]);
    expect(fields.find((field) => field.path === 'preferences.language')).toMatchObject({
      label: 'Language',
      example: 'en-GB',
      options: undefined,
    });
    expect(fields.find((field) => field.path === 'display_name')?.label).toBe('Display name');
  });

  it('sends exactly the fields a person changed, emptied ones as null, in a body the API accepts', () => {
    fc.assert(
      fc.property(someValues, someValues, (before, typed) => {
        const current = preferencesFrom(before);
        const inputs = new Map(fields.map((field) => [field.path, typed.get(field.path) ?? ''] as const));
        const patch = patchFromForm(fields, current, inputs);
        const changed = fields.filter(
          (field) => (inputs.get(field.path) ?? '') !== currentValue(current, field),
        );
        const parsed = parsePatch(apiFields, patch);
        if (changed.length === 0) {
          expect(patch).toEqual({});
          return;
        }
        if (!parsed.ok)
          throw new Error(`the API refused ${JSON.stringify(patch)}: ${parsed.problem.message}`);
        expect(parsed.changes.map((change) => [change.path, change.value])).toEqual(
          changed.map((field) => [field.path, inputs.get(field.path) || null]),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('names an invalid value by its field, as the API refuses it, whatever a person types', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.string({ minLength: 1, maxLength: 80 }), (field, text) => {
        const patch = patchFromForm(fields, {}, new Map([[field.path, text]]));
        const parsed = parsePatch(apiFields, patch);
        if (text.trim() === '') expect(patch).toEqual({});
        else if (!parsed.ok)
          expect(parsed.problem).toMatchObject({ error: 'invalid_value', field: field.path });
      }),
      { numRuns: 1000 },
    );
  });
});
