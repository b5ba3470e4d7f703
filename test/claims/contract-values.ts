import * as v from 'valibot';
import type { ContractField, DocumentedField, MetadataSource } from '../../claims/index.ts';

// Values derived from a claim contract and its docs, for tests that must follow the team's contract
// wherever it goes: each field's documented example, and a value its schema refuses.

/** Values of every JSON kind; a field's invalid value is the first one its schema refuses. */
const CANDIDATE_INVALID_VALUES: readonly unknown[] = [
  12_345,
  true,
  { unexpected: 'object' },
  ['unexpected', 'array'],
  '',
  'x'.repeat(5_000),
  'not a valid value for this field',
];

/** A value the field's schema refuses, or undefined when it accepts every candidate. */
export const invalidValueFor = (field: ContractField): unknown =>
  CANDIDATE_INVALID_VALUES.find((candidate) => !v.safeParse(field.spec.schema, candidate).success);

/** `value` at the field's place in its metadata object: `{ key: value }` or `{ key: { field: value } }`. */
export const placed = (field: ContractField, value: unknown): Record<string, unknown> =>
  field.field === undefined ? { [field.key]: value } : { [field.key]: { [field.field]: value } };

/** The documented examples of every field read from `source`, as one metadata object. */
export const examplesFrom = (
  fields: readonly DocumentedField[],
  source: MetadataSource,
): Record<string, unknown> => {
  const metadata: Record<string, unknown> = {};
  for (const field of fields.filter((candidate) => candidate.source === source)) {
    const value = placed(field, field.doc.example)[field.key];
    metadata[field.key] =
      field.field === undefined ? value : { ...(metadata[field.key] as object), ...(value as object) };
  }
  return metadata;
};
