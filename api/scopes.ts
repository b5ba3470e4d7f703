import { API_SCOPES, type ApiScope } from './api-scopes.ts';

/**
 * Which scope each route needs. The names come from `tenant/api-scopes.ts`, which a test compares
 * with the scopes `tenant/tenant.yaml` declares on our API, so the tenant and the API never disagree.
 */
export const PREFERENCES_SCOPES = {
  read: API_SCOPES.readPreferences,
  update: API_SCOPES.updatePreferences,
} as const;

export type PreferencesScope = ApiScope;

/** Auth0 puts granted scopes in the access token's `scope` claim, space-separated. */
export const hasScope = (scopeClaim: unknown, needed: PreferencesScope): boolean =>
  typeof scopeClaim === 'string' && scopeClaim.split(' ').includes(needed);
