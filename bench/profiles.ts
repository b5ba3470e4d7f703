/** A typical profile: only what the claim contract declares, all of it valid. */
export const typicalProfile = () => ({
  user_metadata: {
    preferences: { language: 'de-CH', timezone: 'Europe/Zurich', theme: 'dark' },
    display_name: 'Grace Hopper',
  },
  app_metadata: {
    tenant_id: 'acme-industries',
    roles: Array.from({ length: 12 }, (_, i) => `role-${i}`),
    plan: 'enterprise',
  },
});

/** A large, realistic profile: the contract's values amid years of accumulated metadata. */
export const largeProfile = () => ({
  user_metadata: {
    preferences: {
      language: 'de-CH',
      timezone: 'Europe/Zurich',
      theme: 'dark',
      density: 'compact',
      beta: true,
    },
    display_name: 'Grace Hopper',
    signup_source: 'partner-campaign-2024',
    onboarding: Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`step_${i}`, { done: i % 3 !== 0, at: 1_700_000_000 + i }]),
    ),
    favorites: Array.from({ length: 200 }, (_, i) => `item-${i}`),
    address: { street: '1 Main St', city: 'Zurich', postcode: '8001', country: 'CH' },
  },
  app_metadata: {
    tenant_id: 'acme-industries',
    roles: Array.from({ length: 12 }, (_, i) => `role-${i}`),
    plan: 'enterprise',
    stripe_customer: 'cus_0123456789',
    feature_flags: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`flag_${i}`, i % 2 === 0])),
    permissions_cache: Array.from({ length: 500 }, (_, i) => `resource:${i}:read`),
  },
});
