import path from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ClaimsFor } from '../../../claims/index.ts';
import { claimsTypeScript } from '../../../claims/reference/claims-types.ts';
import { fixtureContract, fixtureDocs } from '../../fixtures/claims-app/contract.ts';
import type * as Generated from '../../fixtures/claims-app/docs/claims.d.ts';
import { CLAIMS_APP } from '../../fixtures/fixture-tenants.ts';

// The d.ts `npm run docs` writes for app teams must type the claims exactly as the contract derives
// them. Checked on the fixture's frozen contract, whose generated d.ts is committed beside it, so a
// change to the team's claims never touches this test (test/docs/generated-docs.test.ts holds the
// team's docs to its contract).
type Fixture = typeof fixtureContract;
const COMMITTED = path.join(CLAIMS_APP.dir, 'docs', 'claims.d.ts');

describe('the generated claims d.ts', () => {
  it('is what the generator writes for the fixture contract', async () => {
    // After a deliberate change to the generator: review the diff, then `npx vitest run -u` rewrites it.
    await expect(claimsTypeScript(fixtureContract, fixtureDocs)).toMatchFileSnapshot(COMMITTED);
  });

  it('gives app code the same claim types the contract derives', () => {
    expectTypeOf<Generated.IdTokenClaims>().toEqualTypeOf<ClaimsFor<Fixture, 'id_token'>>();
    expectTypeOf<Generated.AccessTokenClaims>().toEqualTypeOf<ClaimsFor<Fixture, 'access_token'>>();
  });
});
