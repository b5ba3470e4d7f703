import { ApiError, json } from '../http.ts';
import type { Route } from '../router.ts';
import { pagedList } from './payload.ts';

// Resource types this project does not manage (hooks, organizations, MFA providers, themes...), answered
// as a fresh tenant answers them: empty lists and default settings. deploy-cli reads them during an
// export and during imports of YAML files that mention them, and stops on a 404.

const emptyList = (path: string, key: string, scope: string): Route => ({
  method: 'GET',
  path,
  scope,
  handle: ({ url }) => pagedList([], url.searchParams, key, (item) => item),
});

const fixed = (path: string, scope: string, body: unknown): Route => ({
  method: 'GET',
  path,
  scope,
  handle: () => json(structuredClone(body)),
});

/** What a free-plan tenant answers for paid features: deploy-cli skips them on a 403. */
const notOnPlan = (path: string, scope: string): Route => ({
  method: 'GET',
  path,
  scope,
  handle: () => {
    throw new ApiError(
      403,
      'operation_not_supported',
      "This feature is not available on the tenant's current plan.",
    );
  },
});

/** Settings a fresh tenant does not have yet: Auth0 answers 404, which deploy-cli reads as "none". */
const absent = (path: string, scope: string, message: string, errorCode: string): Route => ({
  method: 'GET',
  path,
  scope,
  handle: () => {
    throw new ApiError(404, errorCode, message);
  },
});

const MFA_TEMPLATES = {
  enrollment_message:
    '{{code}} is your verification code for {{tenant.friendly_name}}. Please enter this code to verify your enrollment.',
  verification_message: '{{code}} is your verification code for {{tenant.friendly_name}}',
};

export const unusedFeatureRoutes: Route[] = [
  fixed('/api/v2/rules-configs', 'read:rules_configs', []),
  emptyList('/api/v2/hooks', 'hooks', 'read:hooks'),
  emptyList('/api/v2/organizations', 'organizations', 'read:organizations'),
  fixed('/api/v2/guardian/factors/sms/providers/twilio', 'read:guardian_factors', {}),
  fixed('/api/v2/guardian/factors/phone/providers/twilio', 'read:guardian_factors', {}),
  fixed('/api/v2/guardian/factors/push-notification/providers/sns', 'read:guardian_factors', {}),
  fixed('/api/v2/guardian/factors/push-notification/providers/apns', 'read:guardian_factors', {}),
  fixed('/api/v2/guardian/factors/sms/templates', 'read:guardian_factors', MFA_TEMPLATES),
  fixed('/api/v2/guardian/factors/phone/templates', 'read:guardian_factors', MFA_TEMPLATES),
  fixed('/api/v2/guardian/factors/phone/message-types', 'read:guardian_factors', { message_types: ['sms'] }),
  fixed('/api/v2/guardian/factors/phone/selected-provider', 'read:guardian_factors', { provider: 'auth0' }),
  fixed('/api/v2/guardian/policies', 'read:mfa_policies', []),
  fixed('/api/v2/branding/phone/providers', 'read:phone_providers', { providers: [] }),
  fixed('/api/v2/branding/phone/templates', 'read:phone_templates', { templates: [] }),
  emptyList('/api/v2/prompts/rendering', 'configs', 'read:prompts'),
  fixed('/api/v2/risk-assessments/settings', 'read:attack_protection', { enabled: false }),
  fixed('/api/v2/risk-assessments/settings/new-device', 'read:attack_protection', { remember_for: 30 }),
  emptyList('/api/v2/forms', 'forms', 'read:forms'),
  emptyList('/api/v2/flows', 'flows', 'read:flows'),
  emptyList('/api/v2/flows/vault/connections', 'connections', 'read:flows_vault_connections'),
  emptyList('/api/v2/self-service-profiles', 'self_service_profiles', 'read:self_service_profiles'),
  emptyList('/api/v2/network-acls', 'network_acls', 'read:network_acls'),
  emptyList('/api/v2/token-exchange-profiles', 'token_exchange_profiles', 'read:token_exchange_profiles'),
  emptyList('/api/v2/event-streams', 'eventStreams', 'read:event_streams'),
  emptyList('/api/v2/rate-limit-policies', 'rate_limit_policies', 'read:rate_limit_policies'),
  emptyList('/api/v2/user-attribute-profiles', 'user_attribute_profiles', 'read:user_attribute_profiles'),
  emptyList('/api/v2/connection-profiles', 'connection_profiles', 'read:connection_profiles'),
  emptyList('/api/v2/connections-directory-provisionings', 'directory_provisionings', 'read:connections'),
  fixed('/api/v2/supplemental-signals', 'read:attack_protection', { akamai_enabled: false }),
  absent('/api/v2/branding/themes/default', 'read:branding', 'There is no default theme', 'theme_not_found'),
  absent(
    '/api/v2/branding/templates/universal-login',
    'read:branding',
    'Template does not exist',
    'inexistent_template',
  ),
  notOnPlan('/api/v2/attack-protection/bot-detection', 'read:attack_protection'),
  notOnPlan('/api/v2/attack-protection/captcha', 'read:attack_protection'),
  {
    method: 'GET',
    path: '/api/v2/prompts/:prompt/partials',
    scope: 'read:prompts',
    handle: () => {
      throw new ApiError(
        400,
        'invalid_request',
        'This feature requires at least one custom domain to be configured.',
      );
    },
  },
];
