import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { managementCaller } from './call.ts';

// The reads auth0-deploy-cli 8.44 makes when it exports a tenant (observed by running `dump` against
// this fake tenant), beyond the resources the project manages.
const EXPORT_READS = [
  '/rules?page=0&per_page=100&include_totals=true',
  '/rules-configs',
  '/hooks?page=0&per_page=100&include_totals=true',
  '/roles?per_page=100&page=0&include_totals=true&type=tenant',
  '/organizations?include_totals=true&take=50',
  '/log-streams',
  '/custom-domains',
  '/connections-directory-provisionings?take=50',
  '/emails/provider?fields=name%2Cenabled&include_fields=true',
  '/email-templates/verify_email',
  '/guardian/factors',
  '/guardian/factors/sms/providers/twilio',
  '/guardian/factors/push-notification/providers/sns',
  '/guardian/factors/sms/templates',
  '/guardian/factors/phone/selected-provider',
  '/guardian/factors/phone/message-types',
  '/guardian/policies',
  '/branding',
  '/branding/phone/providers',
  '/branding/phone/templates',
  '/branding/themes/default',
  '/prompts',
  '/prompts/login/custom-text/en',
  '/prompts/login/partials',
  '/prompts/rendering?page=0&per_page=100&include_totals=true',
  '/attack-protection/breached-password-detection',
  '/attack-protection/brute-force-protection',
  '/attack-protection/suspicious-ip-throttling',
  '/attack-protection/bot-detection',
  '/attack-protection/captcha',
  '/risk-assessments/settings',
  '/risk-assessments/settings/new-device',
  '/forms?page=0&per_page=100&include_totals=true',
  '/flows?page=0&per_page=100&include_totals=true',
  '/flows/vault/connections?page=0&per_page=50&include_totals=true',
  '/self-service-profiles?page=0&per_page=100&include_totals=true',
  '/network-acls?page=0&per_page=100&include_totals=true',
  '/user-attribute-profiles?take=10',
  '/connection-profiles?take=10',
  '/token-exchange-profiles?take=50',
  '/supplemental-signals',
  '/rate-limit-policies?take=50',
  '/event-streams?take=50',
  '/actions/modules?page=0&per_page=100',
];

describe('features the project does not use', () => {
  it('answers every read of a deploy-cli export the way a fresh tenant does', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    for (const path of EXPORT_READS) {
      const answer = await call('GET', path);
      // A route exists for each: a fresh tenant's "not configured" 404s carry their own error codes.
      expect({ path, errorCode: answer.body?.errorCode }).not.toEqual({ path, errorCode: 'not_found' });
    }
    const rules = await call('GET', '/rules?include_totals=true');
    expect(rules.body).toEqual({ start: 0, limit: 50, length: 0, total: 0, rules: [] });
    expect((await call('GET', '/event-streams?take=50')).body).toEqual({ eventStreams: [] });
    const factors = await call('GET', '/guardian/factors');
    expect(factors.body.filter((factor: { enabled: boolean }) => factor.enabled)).toEqual([]);
  });
});
