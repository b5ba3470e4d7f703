/**
 * The scopes Auth0 grants a user's own token for the Management API, whatever else is asked, each
 * good only for that user's own id: source "Get Management API Access Tokens for Single-Page
 * Applications". A file of its own: both the login side and the Management API read it.
 */
export const CURRENT_USER_SCOPES = [
  'read:current_user',
  'update:current_user_identities',
  'update:current_user_metadata',
  'create:current_user_metadata',
  'delete:current_user_metadata',
  'create:current_user_device_credentials',
  'delete:current_user_device_credentials',
] as const;

export type CurrentUserScope = (typeof CURRENT_USER_SCOPES)[number];
