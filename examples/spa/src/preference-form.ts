import type { PreferencesPatch, UserPreferences } from '../../../app/index.ts';
import { claimContract, claimDocs, documentedFields } from '../../../claims/index.ts';

/** One input of the preferences form, generated from a user-editable contract field. */
export interface FormField {
  /** `preferences.language`: the API's name for the field, also the input's `name`. */
  readonly path: string;
  readonly key: string;
  readonly field: string | undefined;
  /** `Language`, `Display name`: the field's own name, made readable. */
  readonly label: string;
  /** The contract's description of the field, shown under the input. */
  readonly hint: string;
  readonly example: string;
  /** The allowed values when the schema is a fixed list (a `<select>`), else free text. */
  readonly options: readonly string[] | undefined;
}

const readable = (name: string): string => {
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const optionsOf = (schema: unknown): readonly string[] | undefined => {
  const options = (schema as { type?: string; options?: unknown }).options;
  return (schema as { type?: string }).type === 'picklist' && Array.isArray(options)
    ? options.filter((option): option is string => typeof option === 'string')
    : undefined;
};

/**
 * The fields the contract marks `editableBy: 'user'`, in contract order: a field added to the
 * contract appears in the form with no change here. Validation stays with the API, the one judge of
 * a value; the form shows its verdict next to the field.
 */
export const preferenceFormFields = (): FormField[] =>
  documentedFields(claimContract, claimDocs)
    .filter((field) => field.spec.editableBy === 'user')
    .map((field) => ({
      path: field.path,
      key: field.key,
      field: field.field,
      label: readable(field.field ?? field.key),
      hint: field.doc.description,
      example: typeof field.doc.example === 'string' ? field.doc.example : JSON.stringify(field.doc.example),
      options: optionsOf(field.spec.schema),
    }));

/** The field's value in the user's claims, as an input shows it (`''` when unset). */
export const currentValue = (preferences: UserPreferences, field: FormField): string => {
  const container = (
    field.field === undefined ? preferences : preferences[field.key as keyof UserPreferences]
  ) as Record<string, unknown> | undefined;
  const value = container?.[field.field ?? field.key];
  return typeof value === 'string' ? value : '';
};

/**
 * The change to send: only the fields whose input differs from the claims, an emptied field as
 * `null` (clear it). Empty when nothing changed.
 */
export const patchFromForm = (
  fields: readonly FormField[],
  before: UserPreferences,
  inputs: ReadonlyMap<string, string>,
): PreferencesPatch => {
  const patch: Record<string, unknown> = {};
  for (const field of fields) {
    const typed = inputs.get(field.path);
    const current = currentValue(before, field);
    if (typed === undefined || typed.trim() === current) continue;
    const value = typed.trim() === '' ? null : typed.trim();
    if (field.field === undefined) {
      patch[field.key] = value;
    } else {
      patch[field.key] = {
        ...(patch[field.key] as Record<string, unknown> | undefined),
        [field.field]: value,
      };
    }
  }
  return patch as PreferencesPatch;
};
