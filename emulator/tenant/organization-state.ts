import type { Management } from 'auth0';
import type { Json } from '../../core/json.ts';

// Organizations (Auth0's model of a B2B customer): the record the Management API writes and the
// login endpoints read, with its enabled connections, members and the members' roles.

/** A connection an organization enables, with the organization's own settings for it. */
export interface OrganizationConnectionRecord {
  connection_id: string;
  /** Users who log in through it become members on their first login ("Membership On Authentication"). */
  assign_membership_on_login: boolean;
  /** Whether the organization's login prompt shows it (Auth0's default: true). */
  show_as_button: boolean;
  is_signup_enabled?: boolean;
  organization_connection_name?: string;
  organization_access_level?: Management.OrganizationAccessLevelEnum;
  is_enabled?: boolean;
}

export interface OrganizationMemberRecord {
  user_id: string;
  /** Role ids the member holds in this organization only. */
  roles: string[];
}

export interface OrganizationRecord {
  id: string;
  name: string;
  display_name?: string;
  branding?: Management.OrganizationBranding;
  /** Strings only, as Auth0 keeps organization metadata (`event.organization.metadata`). */
  metadata: Record<string, string>;
  /** Other writable fields (token_quota...), stored as sent. */
  extra: { [field: string]: Json };
  connections: OrganizationConnectionRecord[];
  members: OrganizationMemberRecord[];
  /** Ids of the client grants associated with the organization. */
  clientGrants: string[];
}

/** `event.organization`: what an Action sees of the organization a login is for. */
export interface OrganizationSummary {
  id: string;
  name: string;
  display_name: string;
  metadata: Record<string, string>;
}

export const summarizeOrganization = (organization: OrganizationRecord): OrganizationSummary => ({
  id: organization.id,
  name: organization.name,
  display_name: organization.display_name ?? organization.name,
  metadata: { ...organization.metadata },
});
