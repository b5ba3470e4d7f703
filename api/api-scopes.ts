/**
 * The scopes our preferences API declares (`resourceServers` in tenant/tenant.yaml) and checks per
 * route. Declared once here; a test fails when tenant.yaml and this list disagree.
 */
export const API_SCOPES = {
  readPreferences: 'read:preferences',
  updatePreferences: 'update:preferences',
} as const;

export type ApiScope = (typeof API_SCOPES)[keyof typeof API_SCOPES];
