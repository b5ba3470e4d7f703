import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editableFields } from '../../api/editable-fields.ts';
import { parsePatch } from '../../api/parse-patch.ts';
import type { UserPreferences } from '../../app/index.ts';
import { claimContract, claimDocs, contractFields, documentedFields } from '../../claims/index.ts';
import { currentValue, patchFromForm, preferenceFormFields } from '../../examples/spa/src/preference-form.ts';

const fields = preferenceFormFields();
const apiFields = editableFields(claimContract);

/** A picklist schema's options (the form shows them as a list), else undefined. */
const picklistOptions = (schema: unknown): readonly string[] | undefined => {
  const { type, options } = schema as { type?: string; options?: unknown };
  return type === 'picklist' && Array.isArray(options) ? (options as string[]) : undefined;
};

/**
 * Values the API accepts for each field, derived from the team's contract so a new field needs no
 * edit here: its documented example, and every option of a list.
 */
const VALID: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  documentedFields(claimContract, claimDocs).map((field) => {
    const values = [field.doc.example, ...(picklistOptions(field.spec.schema) ?? [])];
    return [field.path, [...new Set(values.filter((value): value is string => typeof value === 'string'))]];
  }),
);

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
    for (const doc of documentedFields(claimContract, claimDocs).filter(
      (f) => f.spec.editableBy === 'user',
    )) {
      const field = fields.find((candidate) => candidate.path === doc.path);
      expect(field?.options, doc.path).toEqual(picklistOptions(doc.spec.schema));
      expect(field?.hint, doc.path).toBe(doc.doc.description);
      // The label reads as words: display_name -> "Display name".
      expect(field?.label.toLowerCase(), doc.path).toBe((doc.field ?? doc.key).replaceAll('_', ' '));
    }
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
