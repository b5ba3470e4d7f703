import { describe, expect, it } from 'vitest';
import {
  type ClaimContract,
  type ContractDocs,
  claimContract,
  claimDocs,
  contractFields,
  documentedFields,
} from '../../claims/index.ts';

const { user_metadata: userDocs, app_metadata: appDocs } = claimDocs.claims;

describe('the contract docs', () => {
  it('describe every field of the contract, in contract order, with a non-empty description', () => {
    const documented = documentedFields(claimContract, claimDocs);
    expect(documented.map((field) => field.path)).toEqual(contractFields(claimContract).map((f) => f.path));
    for (const { path, doc } of documented) expect(doc.description.trim(), path).not.toBe('');
  });

  it('cannot leave out a field: the type refuses it, and reading it names what is missing', () => {
    const { display_name: _left, ...keysWithoutDisplayName } = userDocs.keys;
    const incomplete: ContractDocs<ClaimContract> = {
      claims: {
        app_metadata: appDocs,
        // @ts-expect-error display_name has no entry
        user_metadata: { description: userDocs.description, keys: keysWithoutDisplayName },
      },
    };
    expect(() => documentedFields(claimContract, incomplete)).toThrow(
      /no entry for user_metadata\.display_name/,
    );
  });

  it('cannot describe a field the contract does not declare, nor give an example its schema rejects', () => {
    const withUnknownField: ContractDocs<ClaimContract> = {
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
    const withWrongExample: ContractDocs<ClaimContract> = {
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
    expect(documentedFields(claimContract, withUnknownField).map((f) => f.path)).not.toContain('nickname');
    expect(
      documentedFields(claimContract, withWrongExample).find((f) => f.path === 'plan')?.doc.example,
    ).toBe('gold');
  });
});
