import type { Management } from 'auth0';
import type { Resource } from './desired-state.ts';

// What plan and read-back read from the Management API, by path, as the official auth0 SDK types it
// (auth0 7.1, generated from Auth0's own API definition). The reader is not the SDK's client (see
// management-api.ts), but it reads the same answers, so it takes the same types rather than
// restating them. Type-only: no SDK code runs here.

/** The item type of each list the reader pages through. */
export interface ListedItems {
  '/clients': Management.Client;
  '/resource-servers': Management.ResourceServer;
  '/client-grants': Management.ClientGrantResponseContent;
  '/actions/actions': Management.Action;
  '/connections': Management.ConnectionForList;
  '/rules': Management.Rule;
  '/roles': Management.Role;
  [bindings: `/actions/triggers/${string}/bindings`]: Management.ActionBinding;
  [permissions: `/roles/${string}/permissions`]: Management.PermissionsResponsePayload;
}

/** The answer to each single GET the reader makes. */
export interface ReadAnswers {
  '/tenants/settings': Management.GetTenantSettingsResponseContent;
  '/prompts': Management.GetSettingsResponseContent;
  '/log-streams': Management.LogStreamResponseSchema[];
  '/custom-domains': Management.ListCustomDomainsResponseContent;
  '/guardian/factors': Management.GuardianFactor[];
  '/branding': Management.GetBrandingResponseContent;
  '/branding/templates/universal-login': Management.GetUniversalLoginTemplate;
  '/emails/provider': Management.GetEmailProviderResponseContent;
  '/attack-protection/breached-password-detection': Management.GetBreachedPasswordDetectionSettingsResponseContent;
  '/attack-protection/brute-force-protection': Management.GetBruteForceSettingsResponseContent;
  '/attack-protection/suspicious-ip-throttling': Management.GetSuspiciousIpThrottlingSettingsResponseContent;
  '/attack-protection/bot-detection': Management.GetBotDetectionSettingsResponseContent;
  '/attack-protection/captcha': Management.GetAttackProtectionCaptchaResponseContent;
  [clients: `/connections/${string}/clients`]: Management.GetConnectionEnabledClientsResponseContent;
  [template: `/email-templates/${string}`]: Management.GetEmailTemplateResponseContent;
  [
    customText: `/prompts/${string}/custom-text/${string}`
  ]: Management.GetCustomTextsByLanguageResponseContent;
  [job: `/jobs/${string}`]: Management.GetJobResponseContent;
}

/** The jobs a command may start (POST): each only reads the tenant, so starting one twice is harmless. */
export interface JobStarts {
  '/jobs/users-exports': Management.CreateExportUsersResponseContent;
}

export type ListedPath = keyof ListedItems & string;
export type ReadPath = keyof ReadAnswers & string;
export type JobPath = keyof JobStarts & string;

/**
 * An answer as the plan compares it: any field by name. The comparison is generic over resource
 * types (resource-types.ts), so past this point a field is checked by its declared value, not its type.
 */
export const fieldsOf = (answer: object): Resource => answer as Resource;
