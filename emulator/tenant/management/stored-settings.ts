import type { Management } from 'auth0';
import { Hono } from 'hono';
import type { Json } from '../../../core/json.ts';
import { badRequest, json, readJsonObject } from '../http.ts';
import type { TenantContext } from '../tenant-context.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { toJsonObject } from './payload.ts';
import { type ManagementScope, requireScope } from './scopes.ts';

// Settings objects Auth0 keeps at one path each (MFA policies and phone settings, risk assessment,
// supplemental signals...): read with GET, replaced with PUT or merged with PATCH, as each endpoint
// of the Management API does. One table instead of one route file per setting.

interface StoredSetting {
  /** Below `/api/v2`. */
  readonly path: string;
  readonly read: ManagementScope;
  readonly update: ManagementScope;
  /** `put` replaces the whole value; `patch` merges the fields sent. */
  readonly methods: readonly ('put' | 'patch')[];
  /** What a fresh tenant answers. */
  readonly initial: Json;
  /** The body must be an array (MFA policies) rather than an object. */
  readonly array?: boolean;
}

export const MFA_TEMPLATES = {
  enrollment_message:
    '{{code}} is your verification code for {{tenant.friendly_name}}. Please enter this code to verify your enrollment.',
  verification_message: '{{code}} is your verification code for {{tenant.friendly_name}}',
} satisfies Management.GetGuardianFactorSmsTemplatesResponseContent;

const guardian = { read: 'read:guardian_factors', update: 'update:guardian_factors' } as const;
const attackProtection = { read: 'read:attack_protection', update: 'update:attack_protection' } as const;

const SETTINGS: readonly StoredSetting[] = [
  {
    path: '/guardian/policies',
    read: 'read:mfa_policies',
    update: 'update:mfa_policies',
    methods: ['put'],
    initial: [] satisfies Management.ListGuardianPoliciesResponseContent,
    array: true,
  },
  {
    ...guardian,
    path: '/guardian/factors/phone/selected-provider',
    methods: ['put'],
    initial: { provider: 'auth0' } satisfies Management.GetGuardianFactorsProviderPhoneResponseContent,
  },
  {
    ...guardian,
    path: '/guardian/factors/phone/message-types',
    methods: ['put'],
    initial: {
      message_types: ['sms'],
    } satisfies Management.GetGuardianFactorPhoneMessageTypesResponseContent,
  },
  { ...guardian, path: '/guardian/factors/sms/templates', methods: ['put'], initial: MFA_TEMPLATES },
  { ...guardian, path: '/guardian/factors/phone/templates', methods: ['put'], initial: MFA_TEMPLATES },
  { ...guardian, path: '/guardian/factors/sms/providers/twilio', methods: ['put'], initial: {} },
  { ...guardian, path: '/guardian/factors/phone/providers/twilio', methods: ['put'], initial: {} },
  {
    ...guardian,
    path: '/guardian/factors/push-notification/providers/sns',
    methods: ['put', 'patch'],
    initial: {},
  },
  {
    ...guardian,
    path: '/guardian/factors/push-notification/providers/apns',
    methods: ['put', 'patch'],
    initial: {},
  },
  {
    ...attackProtection,
    path: '/risk-assessments/settings',
    methods: ['patch'],
    initial: { enabled: false } satisfies Management.GetRiskAssessmentsSettingsResponseContent,
  },
  {
    ...attackProtection,
    path: '/risk-assessments/settings/new-device',
    methods: ['patch'],
    initial: { remember_for: 30 } satisfies Management.GetRiskAssessmentsSettingsNewDeviceResponseContent,
  },
  {
    ...attackProtection,
    path: '/supplemental-signals',
    methods: ['patch'],
    initial: { akamai_enabled: false } satisfies Management.GetSupplementalSignalsResponseContent,
  },
];

const current = (tenant: TenantContext, setting: StoredSetting): Json => {
  const { settings } = tenant.state.features;
  settings[setting.path] ??= structuredClone(setting.initial);
  return settings[setting.path] as Json;
};

const readBody = async (request: Request, setting: StoredSetting): Promise<Json> => {
  if (!setting.array) return toJsonObject(await readJsonObject(request));
  const body: unknown = await request.json().catch(() => undefined);
  if (!Array.isArray(body)) throw badRequest("Payload validation error: 'Expected type array'.");
  return JSON.parse(JSON.stringify(body)) as Json;
};

export const storedSettingRoutes = SETTINGS.reduce((app, setting) => {
  const withRead = app.get(setting.path, requireScope(setting.read), (c) =>
    json(current(c.env.tenant, setting)),
  );
  const withPut = setting.methods.includes('put')
    ? withRead.put(setting.path, requireScope(setting.update), async (c) => {
        const value = await readBody(c.req.raw, setting);
        c.env.tenant.state.features.settings[setting.path] = value;
        return json(value);
      })
    : withRead;
  return setting.methods.includes('patch')
    ? withPut.patch(setting.path, requireScope(setting.update), async (c) => {
        const merged = {
          ...(current(c.env.tenant, setting) as Record<string, Json>),
          ...(toJsonObject(await readJsonObject(c.req.raw)) as Record<string, Json>),
        };
        c.env.tenant.state.features.settings[setting.path] = merged;
        return json(merged);
      })
    : withPut;
}, new Hono<TenantEnv>());
