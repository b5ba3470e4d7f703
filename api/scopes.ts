/**
 * The scopes our API resource server declares in `tenant/tenant.yaml`, and which route needs which.
 * This is the one place the names are written in code; a test compares them with the YAML, so the
 * tenant and the API can never disagree about a scope name.
 */
export const PREFERENCES_SCOPES = {
  read: 'read:preferences',
  update: 'update:preferences',
} as const;

export type PreferencesScope = (typeof PREFERENCES_SCOPES)[keyof typeof PREFERENCES_SCOPES];

/** Auth0 puts granted scopes in the access token's `scope` claim, space-separated. */
export const hasScope = (scopeClaim: unknown, needed: PreferencesScope): boolean =>
  typeof scopeClaim === 'string' && scopeClaim.split(' ').includes(needed);
