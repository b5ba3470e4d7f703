import type { UserSeed } from '../emulator/tenant/seed-users.ts';

/**
 * Who `npm start` logs in. Ada's metadata holds what a real profile accumulates: declared fields, an
 * undeclared key and an invalid value, so the demo shows the contract filtering them out.
 */
export const SAMPLE_USERS: readonly UserSeed[] = [
  {
    user_id: 'auth0|sample-ada',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    user_metadata: {
      preferences: { language: 'en-GB', timezone: 'Europe/London', theme: 'dark' },
      display_name: 'Ada L.',
      shoe_size: 38,
    },
    // A member of the organization tenant/tenant.yaml declares for her company.
    organizations: ['acme'],
    app_metadata: {
      tenant_id: 'acme',
      roles: ['editor', 'billing:read'],
      plan: 'pro',
      stripe_customer: 'cus_123',
    },
  },
  {
    user_id: 'auth0|sample-grace',
    email: 'grace@example.com',
    name: 'Grace Hopper',
    user_metadata: { preferences: { language: 'not a language' } },
    organizations: ['navy'],
    app_metadata: { tenant_id: 'navy', roles: ['admin'], plan: 'enterprise' },
  },
];
