import { describe, expectTypeOf, it } from 'vitest';
import type { ClaimsFor } from '../../claims/index.ts';
import type { fixtureContract } from '../fixtures/claims-app/contract.ts';

// The types app code imports are derived from the contract's data. Checked on the fixture's frozen
// contract, so the expected types can be written out: a failure here means the derivation broke, not
// that the team changed its claims (test/docs/generated-docs.test.ts holds the team's types to theirs).
type Fixture = typeof fixtureContract;

describe('ClaimsFor', () => {
  it("derives each token's claims from the data, full names, optional keys and schema types", () => {
    expectTypeOf<ClaimsFor<Fixture, 'id_token'>>().toEqualTypeOf<{
      'https://claims.identity-as-code.dev/user_metadata'?: {
        preferences?: { language?: string; timezone?: string; theme?: 'light' | 'dark' | 'system' };
        display_name?: string;
      };
    }>();
    expectTypeOf<ClaimsFor<Fixture, 'access_token'>>().toEqualTypeOf<{
      'https://claims.identity-as-code.dev/app_metadata'?: {
        tenant_id?: string;
        roles?: string[];
        plan?: 'free' | 'pro' | 'enterprise';
      };
    }>();
  });
});
