import { describe, expect, it } from 'vitest';
import { type ContractDocs, contractFields, documentedFields } from '../../claims/index.ts';
import { fixtureContract, fixtureDocs } from '../fixtures/claims-app/contract.ts';

// The toolkit's docs typing and reading, on the fixture's frozen contract; the team's own claimDocs
// are checked by test/claims/contract.test.ts and test/docs/generated-docs.test.ts.
type FixtureContract = typeof fixtureContract;

const { user_metadata: userDocs, app_metadata: appDocs } = fixtureDocs.claims;

describe('the contract docs', () => {
  it('describe every field of the contract, in contract order, with a non-empty description', () => {
    const documented = documentedFields(fixtureContract, fixtureDocs);
    expect(documented.map((field) => field.path)).toEqual(contractFields(fixtureContract).map((f) => f.path));
    for (const { path, doc } of documented) expect(doc.description.trim(), path).not.toBe('');
  });

  it('cannot leave out a field: the type refuses it, and reading it names what is missing', () => {
    const { display_name: _left, ...keysWithoutDisplayName } = userDocs.keys;
    const incomplete: ContractDocs<FixtureContract> = {
      claims: {
        app_metadata: appDocs,
        // @ts-expect-error display_name has no entry
        user_metadata: { description: userDocs.description, keys: keysWithoutDisplayName },
      },
    };
    expect(() => documentedFields(fixtureContract, incomplete)).toThrow(
      /no entry for user_metadata\.display_name/,
    );
  });

  it('cannot describe a field the contract does not declare, nor give an example its schema rejects', () => {
    const withUnknownField: ContractDocs<FixtureContract> = {
      claims: {
        user_metadata: userDocs,
        app_metadata: {
          description: appDocs.description,
          keys: {
            ...appDocs.keys,
            // @ts-expect-error the contract has no app_metadata.nickname
            nickname: { description: 'A nickname.', example: 'ada' },
          },
        },
      },
    };
    const withWrongExample: ContractDocs<FixtureContract> = {
      claims: {
        user_metadata: userDocs,
        app_metadata: {
          description: appDocs.description,
          // @ts-expect-error plan is 'free' | 'pro' | 'enterprise'
          keys: { ...appDocs.keys, plan: { description: 'Plan.', example: 'gold' } },
        },
      },
    };
    // The extra entry is ignored at run time: only the contract's fields are documented.
    expect(documentedFields(fixtureContract, withUnknownField).map((f) => f.path)).not.toContain('nickname');
    expect(
      documentedFields(fixtureContract, withWrongExample).find((f) => f.path === 'plan')?.doc.example,
    ).toBe('gold');
  });
});
