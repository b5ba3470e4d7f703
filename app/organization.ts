import type { User } from '@auth0/auth0-spa-js';

/**
 * The organization a login was for, from the ID token (`getUser()`): Auth0 puts `org_id` in both
 * tokens of an organization login, and `org_name` too when the tenant allows organization names
 * ("Work with Tokens and Organizations"). Key your data on `id`: a name can be changed, an id never.
 * Undefined for a login without an organization.
 */
export interface LoginOrganization {
  readonly id: string;
  readonly name?: string;
}

export const readOrganization = (user: User | undefined): LoginOrganization | undefined => {
  const id = user?.org_id;
  if (typeof id !== 'string' || id === '') return undefined;
  const name = user?.org_name;
  return typeof name === 'string' && name !== '' ? { id, name } : { id };
};
