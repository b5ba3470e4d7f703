import { describe, expect, it } from 'vitest';
import { readOrganization } from '../../app/index.ts';

describe('readOrganization', () => {
  it('reads org_id, and org_name when the tenant adds it, from the ID token claims', () => {
    expect(readOrganization({ sub: 'auth0|ada', org_id: 'org_abc', org_name: 'acme' })).toEqual({
      id: 'org_abc',
      name: 'acme',
    });
    expect(readOrganization({ sub: 'auth0|ada', org_id: 'org_abc' })).toEqual({ id: 'org_abc' });
  });

  it('is undefined for a login without an organization, or a claim that is not a string', () => {
    expect(readOrganization(undefined)).toBeUndefined();
    expect(readOrganization({ sub: 'auth0|ada' })).toBeUndefined();
    expect(readOrganization({ sub: 'auth0|ada', org_id: 42, org_name: 'acme' })).toBeUndefined();
    expect(readOrganization({ sub: 'auth0|ada', org_id: '' })).toBeUndefined();
  });
});
