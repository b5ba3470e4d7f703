import { toJsonSchema } from '@valibot/to-json-schema';
import {
  type ContractDocsSpec,
  type ContractSpec,
  claimDoc,
  type FieldDoc,
  type FieldSpec,
  fieldDoc,
  groupDoc,
  isGroupSpec,
} from '../index.ts';

export type JsonSchema = { [keyword: string]: unknown };

/** Messages of the pipe's custom checks, which JSON Schema cannot express (Intl lookups). */
const customChecks = (schema: FieldSpec['schema']): string[] =>
  ('pipe' in schema && Array.isArray(schema.pipe) ? schema.pipe : [])
    .filter(
      (item: { type?: string; message?: unknown }) =>
        item.type === 'check' && typeof item.message === 'string',
    )
    .map((item: { message: string }) => item.message);

/** One field: the schema valibot can express, plus its description, example and who may change it. */
export const fieldJsonSchema = (spec: FieldSpec, doc: FieldDoc): JsonSchema => {
  const { $schema: _draft, ...expressed } = toJsonSchema(spec.schema, { errorMode: 'ignore' }) as JsonSchema;
  const checks = customChecks(spec.schema);
  const refused =
    checks.length > 0 ? ` Also refused, by a check JSON Schema cannot express: ${checks.join('; ')}.` : '';
  return {
    ...expressed,
    description: `${doc.description}${refused}`,
    examples: [doc.example],
    'x-editable-by': spec.editableBy,
  };
};

/**
 * A JSON Schema (draft-07) of every custom claim, keyed by full claim name. Every key is optional,
 * since the Action leaves out absent and invalid values, and nothing undeclared is ever present.
 */
export const claimsJsonSchema = (contract: ContractSpec, docs: ContractDocsSpec): JsonSchema => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  // The version is in the $id, so a schema cached by its id is never mistaken for another version's.
  $id: contract.version
    ? `${contract.namespace}claims/${contract.version}/claims.schema.json`
    : `${contract.namespace}claims.schema.json`,
  title: 'Custom claims of our tokens',
  description: 'Generated from claims/contract.ts by `npm run docs`; do not edit.',
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(contract.claims).map(([claimKey, claim]) => [
      `${contract.namespace}${claimKey}`,
      {
        description: claimDoc(docs, claimKey).description,
        'x-token': claim.token,
        'x-source': claim.source,
        'x-max-bytes': claim.maxBytes,
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(
          Object.entries(claim.keys).map(([key, spec]) => [
            key,
            isGroupSpec(spec)
              ? {
                  description: groupDoc(docs, claimKey, key).description,
                  type: 'object',
                  additionalProperties: false,
                  properties: Object.fromEntries(
                    Object.entries(spec.fields).map(([field, fieldSpec]) => [
                      field,
                      fieldJsonSchema(fieldSpec, fieldDoc(docs, claimKey, key, field)),
                    ]),
                  ),
                }
              : fieldJsonSchema(spec, fieldDoc(docs, claimKey, key, undefined)),
          ]),
        ),
      },
    ]),
  ),
});
