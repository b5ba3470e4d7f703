import { describe, expect, it } from 'vitest';
import { claimContract, claimDocs, contractFields, documentedFields } from '../../claims/index.ts';
import { claimsJsonSchema } from '../../claims/reference/claims-json-schema.ts';
import { claimsTable } from '../../claims/reference/claims-markdown.ts';
import { generateAllDocs, generateDocs, staleDocs } from '../../claims/reference/generate-docs.ts';

// The team's generated docs, held to its claims/contract.ts: current, and naming every claim and field.
// That the generator types claims as the contract derives them is checked on a fixture
// (test/claims/reference/claims-types.test.ts).
describe('generated claims docs', () => {
  it('are committed exactly as the contract generates them, README claims table included', async () => {
    const stale = await staleDocs(await generateAllDocs(claimContract, claimDocs));
    expect(stale, `${stale.join(', ')} are stale: run npm run docs and commit the result`).toEqual([]);
  });

  it('describe every field with its example and who may change it', () => {
    const [markdown] = generateDocs(claimContract, claimDocs);
    for (const { claimName, path, spec, doc } of documentedFields(claimContract, claimDocs)) {
      expect(markdown?.content).toContain(claimName);
      const row = markdown?.content.split('\n').find((line) => line.startsWith(`| \`${path}\` `));
      expect(row).toContain(JSON.stringify(doc.example).replaceAll('|', '\\|'));
      expect(row).toContain(spec.editableBy === 'user' ? 'the user' : 'administrators only');
    }
  });

  it('mark every claim closed in the JSON Schema, so undeclared keys are invalid', () => {
    const schema = claimsJsonSchema(claimContract, claimDocs) as {
      properties: Record<string, { additionalProperties: boolean }>;
    };
    expect(Object.keys(schema.properties)).toEqual(
      Object.keys(claimContract.claims).map((key) => `${claimContract.namespace}${key}`),
    );
    for (const claim of Object.values(schema.properties)) expect(claim.additionalProperties).toBe(false);
  });

  it('make a README claims table naming every claim and field', () => {
    const table = claimsTable(claimContract, claimDocs);
    for (const { claimName, path } of contractFields(claimContract)) {
      expect(table).toContain(claimName);
      expect(table).toContain(`\`${path}\``);
    }
  });
});
