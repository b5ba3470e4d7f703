import type { Management } from 'auth0';
import type { Resource } from './desired-state.ts';

// What plan and read-back read from the Management API, by path, as the official auth0 SDK types it
// (auth0 7.1, generated from Auth0's own API definition). The reader is not the SDK's client (see
// management-api.ts), but it reads the same answers, so it takes the same types rather than
// restating them. Type-only: no SDK code runs here.

/**
 * The item type of each list the reader pages through. Lists Auth0 pages only by checkpoint
 * (`from`/`take`, answered with `next`) are named in CHECKPOINT_LISTS.
 */
export interface ListedItems {
  '/clients': Management.Client;
  '/resource-servers': Management.ResourceServer;
  '/client-grants': Management.ClientGrantResponseContent;
  '/actions/actions': Management.Action;
  '/connections': Management.ConnectionForList;
  '/rules': Management.Rule;
  '/roles': Management.Role;
  '/network-acls': Management.NetworkAclsResponseContent;
  '/user-attribute-profiles': Management.UserAttributeProfile;
  '/rate-limit-policies': Management.RateLimitPolicy;
  '/connection-profiles': Management.ConnectionProfile;
  '/event-streams': Management.EventStreamResponseContent;
  '/forms': Management.FormSummary;
  '/flows': Management.FlowSummary;
  '/flows/vault/connections': Management.FlowsVaultConnectionSummary;
  '/hooks': Management.Hook;
  '/organizations': Management.Organization;
  '/self-service-profiles': Management.SelfServiceProfile;
  '/token-exchange-profiles': Management.TokenExchangeProfileResponseContent;
  '/actions/modules': Management.ActionModuleListItem;
  [
    connections: `/organizations/${string}/connections`
  ]: Management.GetOrganizationAllConnectionResponseContent;
  [grants: `/organizations/${string}/client-grants`]: Management.OrganizationClientGrant;
  [domains: `/organizations/${string}/discovery-domains`]: Management.OrganizationDiscoveryDomain;
  [apps: `/organizations/${string}/clients`]: Management.OrganizationClient;
  [bindings: `/actions/triggers/${string}/bindings`]: Management.ActionBinding;
  [permissions: `/roles/${string}/permissions`]: Management.PermissionsResponsePayload;
}

/** The answer to each single GET the reader makes. */
export interface ReadAnswers {
  '/tenants/settings': Management.GetTenantSettingsResponseContent;
  '/actions/triggers': Management.ListActionTriggersResponseContent;
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
  '/guardian/policies': Management.ListGuardianPoliciesResponseContent;
  '/guardian/factors/phone/selected-provider': Management.GetGuardianFactorsProviderPhoneResponseContent;
  '/guardian/factors/phone/message-types': Management.GetGuardianFactorPhoneMessageTypesResponseContent;
  '/guardian/factors/sms/templates': Management.GetGuardianFactorSmsTemplatesResponseContent;
  '/guardian/factors/phone/templates': Management.GetGuardianFactorPhoneTemplatesResponseContent;
  '/guardian/factors/sms/providers/twilio': Management.GetGuardianFactorsProviderSmsTwilioResponseContent;
  '/guardian/factors/phone/providers/twilio': Management.GetGuardianFactorsProviderPhoneTwilioResponseContent;
  '/guardian/factors/push-notification/providers/sns': Management.GetGuardianFactorsProviderSnsResponseContent;
  '/guardian/factors/push-notification/providers/apns': Management.GetGuardianFactorsProviderApnsResponseContent;
  '/risk-assessments/settings': Management.GetRiskAssessmentsSettingsResponseContent;
  '/risk-assessments/settings/new-device': Management.GetRiskAssessmentsSettingsNewDeviceResponseContent;
  '/supplemental-signals': Management.GetSupplementalSignalsResponseContent;
  '/branding/phone/templates': Management.ListPhoneTemplatesResponseContent;
  '/branding/phone/providers': Management.ListBrandingPhoneProvidersResponseContent;
  '/rules-configs': Management.RulesConfig[];
  '/branding/themes/default': Management.GetBrandingThemeResponseContent;
  [
    text: `/self-service-profiles/${string}/custom-text/${string}/${string}`
  ]: Management.ListSelfServiceProfileCustomTextResponseContent;
  [form: `/forms/${string}`]: Management.GetFormResponseContent;
  [flow: `/flows/${string}`]: Management.GetFlowResponseContent;
  [credentials: `/clients/${string}/credentials`]: Management.ClientCredential[];
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

export const CHECKPOINT_LISTS: ReadonlySet<string> = new Set<ListedPath>([
  '/user-attribute-profiles',
  '/rate-limit-policies',
  '/connection-profiles',
  '/event-streams',
  '/token-exchange-profiles',
]);
/** Lists below an organization that page by checkpoint only (discovery domains, applications). */
const CHECKPOINT_PATTERN = /^\/organizations\/[^/]+\/(discovery-domains|clients)$/;

export const pagesByCheckpoint = (path: string): boolean =>
  CHECKPOINT_LISTS.has(path) || CHECKPOINT_PATTERN.test(path);
export type ReadPath = keyof ReadAnswers & string;
export type JobPath = keyof JobStarts & string;

/**
 * An answer as the plan compares it: any field by name. The comparison is generic over resource
 * types (resource-types.ts), so past this point a field is checked by its declared value, not its type.
 */
export const fieldsOf = (answer: object): Resource => answer as Resource;
