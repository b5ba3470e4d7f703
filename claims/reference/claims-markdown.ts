import {
  type ClaimSpec,
  type ContractDocsSpec,
  type ContractSpec,
  claimDoc,
  type DocumentedField,
  documentedFields,
  type Editor,
  type TokenKind,
} from '../index.ts';
import { fieldJsonSchema, type JsonSchema } from './claims-json-schema.ts';
import { tableCell as cell, markdownTable } from './markdown-table.ts';

const TOKEN_NAMES: Record<TokenKind, string> = {
  id_token: 'ID token (`getUser()`)',
  access_token: 'access token for our API',
};
const EDITORS: Record<Editor, string> = {
  user: 'the user, through `PATCH /me/preferences`',
  admin: 'administrators only',
};

const code = (text: string) => `\`${text}\``;

/** A short human type: `string (2-35 chars)`, `"light" | "dark"`, `string[] (at most 32)`. */
const typeSummary = (schema: JsonSchema): string => {
  if (typeof schema.title === 'string') return schema.title;
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.type === 'array') {
    const items = typeSummary(schema.items as JsonSchema);
    return typeof schema.maxItems === 'number'
      ? `array of ${items}, at most ${schema.maxItems}`
      : `array of ${items}`;
  }
  if (schema.type === 'string' && typeof schema.maxLength === 'number') {
    return typeof schema.minLength === 'number'
      ? `string, ${schema.minLength}-${schema.maxLength} chars`
      : `string, at most ${schema.maxLength} chars`;
  }
  return String(schema.type ?? 'any');
};

const fieldsOf = (contract: ContractSpec, docs: ContractDocsSpec, claimKey: string): DocumentedField[] =>
  documentedFields(contract, docs).filter((field) => field.claimKey === claimKey);

/** The claim's value when every field holds its example: what an app will see at most. */
const exampleValue = (fields: readonly DocumentedField[]): Record<string, unknown> => {
  const value: Record<string, Record<string, unknown> | unknown> = {};
  for (const { key, field, doc } of fields) {
    if (field === undefined) value[key] = doc.example;
    else value[key] = { ...(value[key] as Record<string, unknown> | undefined), [field]: doc.example };
  }
  return value;
};

const claimSection = (
  contract: ContractSpec,
  docs: ContractDocsSpec,
  claimKey: string,
  claim: ClaimSpec,
): string => {
  const fields = fieldsOf(contract, docs, claimKey);
  const rows = fields.map(({ path, spec, doc }) => [
    code(path),
    cell(typeSummary(fieldJsonSchema(spec, doc))),
    cell(code(JSON.stringify(doc.example))),
    EDITORS[spec.editableBy],
    cell(doc.description),
  ]);
  return [
    `## ${code(`${contract.namespace}${claimKey}`)}`,
    '',
    claimDoc(docs, claimKey).description,
    '',
    `- Token: ${TOKEN_NAMES[claim.token]}`,
    `- Source: the user's ${code(claim.source)}`,
    `- Budget: ${claim.maxBytes} bytes (name plus JSON value); over it, the last fields are left out`,
    '',
    markdownTable(['Field', 'Type', 'Example', 'Who may change it', 'Description'], rows),
    '',
    'Example value:',
    '',
    '```json',
    JSON.stringify(exampleValue(fields), null, 2),
    '```',
    '',
  ].join('\n');
};

/** `docs/claims.md`: the reference app teams read; every section comes from the contract. */
export const claimsMarkdown = (contract: ContractSpec, docs: ContractDocsSpec): string =>
  [
    '# Claims reference',
    '',
    'Generated from `claims/contract.ts` by `npm run docs`; do not edit. Types for app code:',
    '[`claims.d.ts`](claims.d.ts); JSON Schema: [`claims.schema.json`](claims.schema.json).',
    '',
    ...(contract.version
      ? [
          `Contract version: **${contract.version}** (what changed in each version: [CLAIMS-CHANGELOG.md](CLAIMS-CHANGELOG.md)).`,
          '',
        ]
      : []),
    `Every custom claim is named under ${code(contract.namespace)}, the same in every environment.`,
    'A field that is absent or fails its schema is left out of the token; a claim is never anything',
    'but what is listed here. Tokens are readable by their holder: they carry no secrets.',
    '',
    ...Object.entries(contract.claims).map(([key, claim]) => claimSection(contract, docs, key, claim)),
  ].join('\n');

/** The short claims table for the README's first screen. */
export const claimsTable = (contract: ContractSpec, docs: ContractDocsSpec): string =>
  [
    markdownTable(
      ['Claim', 'Token', 'Field', 'Type', 'Example', 'Who may change it'],
      documentedFields(contract, docs).map(({ claimName, claimKey, path, spec, doc }, index, all) => {
        const firstOfClaim = all[index - 1]?.claimKey !== claimKey;
        const claim = contract.claims[claimKey];
        return [
          firstOfClaim ? code(claimName) : '',
          firstOfClaim && claim ? TOKEN_NAMES[claim.token] : '',
          code(path),
          cell(typeSummary(fieldJsonSchema(spec, doc))),
          cell(code(JSON.stringify(doc.example))),
          EDITORS[spec.editableBy],
        ];
      }),
    ),
    '',
    'Full reference with descriptions and example values: [docs/claims.md](docs/claims.md).',
    '',
  ].join('\n');
