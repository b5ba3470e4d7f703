import type { ContractDocsSpec, ContractSpec } from '../index.ts';
import { claimsJsonSchema, type JsonSchema } from './claims-json-schema.ts';

const pascalCase = (text: string) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

/** Quotes a property name only when it is not a plain identifier. */
const propertyName = (name: string) =>
  /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);

const properties = (schema: JsonSchema): [string, JsonSchema][] =>
  Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>);

/** The TypeScript type of a JSON Schema fragment, for the shapes the contract uses. */
const typeOf = (schema: JsonSchema, indent: string): string => {
  if (Array.isArray(schema.enum)) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items as JsonSchema, indent)}[]`;
  if (schema.type === 'object') return objectType(schema, indent);
  if (schema.type === 'string' || schema.type === 'number' || schema.type === 'boolean') return schema.type;
  if (schema.type === 'integer') return 'number';
  return 'unknown';
};

const comment = (schema: JsonSchema, indent: string): string =>
  typeof schema.description === 'string'
    ? `${indent}/** ${schema.description.replaceAll('*/', '* /')} */\n`
    : '';

const objectType = (schema: JsonSchema, indent: string): string => {
  const inner = `${indent}  `;
  const members = properties(schema).map(
    ([name, property]) =>
      `${comment(property, inner)}${inner}${propertyName(name)}?: ${typeOf(property, inner)};\n`,
  );
  return `{\n${members.join('')}${indent}}`;
};

/**
 * TypeScript declarations for app code, derived from the JSON Schema so the two cannot disagree:
 * one interface per claim, plus `IdTokenClaims` and `AccessTokenClaims` keyed by full claim names.
 */
export const claimsTypeScript = (contract: ContractSpec, docs: ContractDocsSpec): string => {
  const schema = claimsJsonSchema(contract, docs);
  const claims = properties(schema).map(([name, claim]) => ({
    name,
    claim,
    typeName: `${pascalCase(name.slice(contract.namespace.length))}Claim`,
  }));
  const tokenInterface = (token: string, title: string, summary: string) => {
    const members = claims
      .filter(({ claim }) => claim['x-token'] === token)
      .map(({ name, typeName }) => `  ${JSON.stringify(name)}?: ${typeName};\n`);
    return `/** ${summary} */\nexport interface ${title} {\n${members.join('')}}\n`;
  };
  return [
    '// Generated from claims/contract.ts by `npm run docs`; do not edit.\n',
    `/** The namespace of every custom claim; the same in every environment. */\nexport type ClaimNamespace = ${JSON.stringify(contract.namespace)};\n`,
    ...claims.map(
      ({ claim, typeName }) => `${comment(claim, '')}export interface ${typeName} ${objectType(claim, '')}\n`,
    ),
    tokenInterface('id_token', 'IdTokenClaims', 'Custom claims of ID tokens (what `getUser()` shows).'),
    tokenInterface('access_token', 'AccessTokenClaims', 'Custom claims of access tokens for our API.'),
  ].join('\n');
};
