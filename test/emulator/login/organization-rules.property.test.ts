import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  organizationLoginRefusal,
  organizationStep,
} from '../../../emulator/tenant/login/organizations/organization-rules.ts';
import type { OrganizationRecord } from '../../../emulator/tenant/organization-state.ts';
import { seedUsers } from '../../../emulator/tenant/seed-users.ts';
import { type ClientRecord, createTenantState } from '../../../emulator/tenant/state.ts';

// What a browser sends as `organization` (and so what anyone can type into an app's login link) is
// user data: whatever it is, the rules resolve it to an organization the tenant holds or refuse it
// with invalid_request, and never let a non-member in.

const client = (usage: ClientRecord['organization_usage']): ClientRecord => ({
  client_id: 'spa',
  client_secret: '',
  name: 'SPA',
  ...(usage ? { organization_usage: usage } : {}),
});

const tenantWith = (names: readonly string[]) => {
  const state = createTenantState('rules.auth0.test', new Date(0).toISOString());
  state.organizations = names.map((name, index) => ({
    id: `org_${String(index).padStart(16, '0')}`,
    name,
    metadata: {},
    extra: {},
    connections: [],
    members: [],
    clientGrants: [],
  }));
  return state;
};

const orgName = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/).filter((name) => !name.startsWith('org_'));

describe('the organization rules on any input', () => {
  it('resolve an organization parameter only to an organization the tenant holds', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(orgName, { maxLength: 4 }),
        fc.oneof(fc.string(), fc.constantFrom('org_0000000000000000', 'org_', 'ACME', 'acme')),
        fc.constantFrom(undefined, 'deny' as const, 'allow' as const, 'require' as const),
        fc.boolean(),
        (names, parameter, usage, namesAllowed) => {
          const state = tenantWith(names);
          state.settings.allow_organization_name_in_authentication_api = namesAllowed;
          const step = organizationStep(state, client(usage), parameter);
          if (step.kind === 'chosen') {
            expect(usage === 'allow' || usage === 'require').toBe(true);
            const byId = step.organization.id === parameter;
            const byName = namesAllowed && step.organization.name === parameter.toLowerCase();
            expect(byId || byName).toBe(true);
          } else if (step.kind === 'refused') {
            expect(step.error.error).toBe('invalid_request');
          } else {
            // No organization asked for: only then is there nothing to resolve.
            expect(parameter).toBe('');
          }
        },
      ),
    );
  });

  it('let a user in only through an enabled connection, as a member or by membership on login', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(undefined, true, false),
        (enabled, member, assign, isEnabled) => {
          const state = tenantWith(['acme']);
          const [user] = seedUsers(state, [{ email: 'pat@example.com' }], new Date(0).toISOString());
          const organization = state.organizations[0] as OrganizationRecord;
          const connection = state.connections[0];
          if (!user || !connection) throw new Error('fixture');
          if (enabled) {
            organization.connections.push({
              connection_id: connection.id,
              assign_membership_on_login: assign,
              show_as_button: true,
              ...(isEnabled === undefined ? {} : { is_enabled: isEnabled }),
            });
          }
          if (member) organization.members.push({ user_id: user.user_id, roles: [] });
          const refusal = organizationLoginRefusal(state, organization, user);
          const open = enabled && isEnabled !== false;
          expect(refusal === undefined).toBe(open && (member || assign));
          if (refusal) expect(refusal.error).toBe('access_denied');
          expect(organization.members.some((held) => held.user_id === user.user_id)).toBe(
            member || (open && assign),
          );
        },
      ),
    );
  });
});
