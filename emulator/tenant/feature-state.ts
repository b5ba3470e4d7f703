import type { Management } from 'auth0';
import type { Json, JsonObject } from '../../core/json.ts';

// The state of the resource types beyond applications and APIs (roles, Rules, connections'
// neighbours, tenant-wide settings), kept apart from state.ts so each management module owns its part.

export interface RolePermission {
  permission_name: string;
  resource_server_identifier: string;
}

export interface RoleRecord {
  id: string;
  name: string;
  description: string;
  permissions: RolePermission[];
}

export interface FeatureState {
  roles: RoleRecord[];
  /** Role ids by user id: what reaches `event.authorization.roles`. */
  userRoles: Record<string, string[]>;
  /**
   * The plain collections (collection-routes.ts) by name: `rules`, `logStreams`, `customDomains`,
   * `networkACLs`, `phoneTemplates`...; a name absent here holds nothing yet.
   */
  collections: Record<string, JsonObject[]>;
  /** The settings objects answered at one path each (stored-settings.ts), once written or read. */
  settings: Record<string, Json>;
  branding: JsonObject;
  /** The Universal Login page template (`/branding/templates/universal-login`), once set. */
  universalLoginTemplate?: string;
  promptSettings: JsonObject;
  /** Custom text by `<prompt>/<language>`. */
  customText: Record<string, JsonObject>;
  /** Null until configured: Auth0 answers 404 until then. */
  emailProvider: JsonObject | null;
  /** By template name; absent until created (404). */
  emailTemplates: Record<string, JsonObject>;
  /** By endpoint name (`brute-force-protection`...). */
  attackProtection: Record<string, JsonObject>;
  /** Enabled flag by factor name. */
  guardianFactors: Record<string, boolean>;
}

export const GUARDIAN_FACTORS = [
  'sms',
  'push-notification',
  'otp',
  'email',
  'duo',
  'webauthn-roaming',
  'webauthn-platform',
  'recovery-code',
] as const satisfies readonly Management.GuardianFactorNameEnum[];

export const isGuardianFactor = (name: string): name is (typeof GUARDIAN_FACTORS)[number] =>
  (GUARDIAN_FACTORS as readonly string[]).includes(name);

/** What a fresh tenant answers (read from a new free tenant's Management API). */
export const createFeatureState = (): FeatureState => ({
  roles: [],
  userRoles: {},
  collections: { rules: [], logStreams: [], customDomains: [] },
  settings: {},
  branding: {},
  promptSettings: {
    universal_login_experience: 'new',
    identifier_first: false,
    webauthn_platform_first_factor: false,
  } satisfies Management.GetSettingsResponseContent,
  customText: {},
  emailProvider: null,
  emailTemplates: {},
  attackProtection: {
    'breached-password-detection': {
      enabled: false,
      shields: [],
      admin_notification_frequency: [],
      method: 'standard',
      stage: { 'pre-user-registration': { shields: [] }, 'pre-change-password': { shields: [] } },
    } satisfies Management.GetBreachedPasswordDetectionSettingsResponseContent,
    'brute-force-protection': {
      enabled: true,
      shields: ['block', 'user_notification'],
      mode: 'count_per_identifier_and_ip',
      allowlist: [],
      max_attempts: 10,
    } satisfies Management.GetBruteForceSettingsResponseContent,
    'suspicious-ip-throttling': {
      enabled: true,
      shields: ['admin_notification', 'block'],
      allowlist: [],
      stage: {
        'pre-login': { max_attempts: 100, rate: 864000 },
        'pre-user-registration': { max_attempts: 50, rate: 1200 },
      },
    } satisfies Management.GetSuspiciousIpThrottlingSettingsResponseContent,
  },
  guardianFactors: Object.fromEntries(GUARDIAN_FACTORS.map((name) => [name, false])),
});

/** The roles a user holds: what reaches `event.authorization.roles`. */
export const rolesOfUser = (features: FeatureState, userId: string): RoleRecord[] => {
  const ids = features.userRoles[userId] ?? [];
  return features.roles.filter((role) => ids.includes(role.id));
};
