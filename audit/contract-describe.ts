import { toJsonSchema } from '@valibot/to-json-schema';
import {
  type ContractDocsSpec,
  type ContractSpec,
  type FieldDoc,
  type FieldSpec,
  isGroupSpec,
} from '../claims/index.ts';

type AnySchema = FieldSpec['schema'];

// A contract as comparable data, derived from its valibot schemas (through @valibot/to-json-schema,
// as the docs are) rather than restated: what app teams depend on, kept apart from what they read.

export type JsonSchema = { [keyword: string]: unknown };

/** One declared value as app code sees it. */
export interface DescribedField {
  /** The JSON Schema valibot can express, without prose keywords. */
  readonly schema: JsonSchema;
  /** Messages of custom checks (Intl lookups and such) that JSON Schema cannot express. */
  readonly checks: readonly string[];
  readonly editableBy: string;
  /** Prose only: description, example, and the schema's title. */
  readonly docs: { readonly description?: string; readonly example?: unknown; readonly title?: unknown };
}

export interface DescribedClaim {
  readonly token: string;
  readonly source: string;
  readonly maxBytes: number;
  /** Group keys, by key name (their fields are in `fields`). */
  readonly groups: Readonly<Record<string, { readonly description?: string }>>;
  /** Every leaf by path inside the claim: `display_name`, `preferences.theme`. */
  readonly fields: Readonly<Record<string, DescribedField>>;
  readonly description?: string;
}

export interface DescribedContract {
  readonly version: string;
  readonly namespace: string;
  readonly claims: Readonly<Record<string, DescribedClaim>>;
}

/** A contract from before versioning reads as 0.0.0, so any versioned contract is newer. */
export const UNVERSIONED = '0.0.0';
const PROSE = new Set(['title', 'description', 'examples', '$schema']);

const customChecks = (schema: AnySchema): string[] =>
  ('pipe' in schema && Array.isArray(schema.pipe) ? schema.pipe : [])
    .filter((item: { type?: string; message?: unknown }) => item.type === 'check')
    .map((item: { message?: unknown }) => (typeof item.message === 'string' ? item.message : 'custom check'));

const withoutProse = (schema: JsonSchema): JsonSchema =>
  Object.fromEntries(
    Object.entries(schema)
      .filter(([keyword]) => !PROSE.has(keyword))
      .map(([keyword, value]) => [
        keyword,
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? withoutProse(value as JsonSchema)
          : value,
      ]),
  );

const describeField = (schema: AnySchema, editableBy: string, doc: FieldDoc | undefined): DescribedField => {
  const expressed = toJsonSchema(schema, { errorMode: 'ignore' }) as JsonSchema;
  return {
    schema: withoutProse(expressed),
    checks: customChecks(schema),
    editableBy,
    docs: { description: doc?.description, example: doc?.example, title: expressed.title },
  };
};

/** The contract (with its docs, when given) as data two versions can be compared by. */
export const describeContract = (contract: ContractSpec, docs?: ContractDocsSpec): DescribedContract => ({
  version: (contract as { version?: string }).version ?? UNVERSIONED,
  namespace: contract.namespace,
  claims: Object.fromEntries(
    Object.entries(contract.claims).map(([claimKey, claim]) => {
      const claimDocs = docs?.claims[claimKey];
      const groups: Record<string, { description?: string }> = {};
      const fields: Record<string, DescribedField> = {};
      for (const [key, spec] of Object.entries(claim.keys)) {
        const keyDoc = claimDocs?.keys[key];
        if (isGroupSpec(spec)) {
          groups[key] = { description: keyDoc?.description };
          for (const [field, fieldSpec] of Object.entries(spec.fields)) {
            const fieldDoc = keyDoc && 'fields' in keyDoc ? keyDoc.fields[field] : undefined;
            fields[`${key}.${field}`] = describeField(fieldSpec.schema, fieldSpec.editableBy, fieldDoc);
          }
        } else {
          const fieldDoc = keyDoc && !('fields' in keyDoc) ? keyDoc : undefined;
          fields[key] = describeField(spec.schema, spec.editableBy, fieldDoc);
        }
      }
      return [
        claimKey,
        {
          token: claim.token,
          source: claim.source,
          maxBytes: claim.maxBytes,
          groups,
          fields,
          description: claimDocs?.description,
        },
      ];
    }),
  ),
});
