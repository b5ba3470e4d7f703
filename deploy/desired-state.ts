import type { ActionDependency } from '../core/action-dependencies.ts';
import type { NamedSecret } from './secrets-digest.ts';

/** Types tenant.yaml may declare whose planner is written by hand (their shape is their own). */
export const CORE_TYPES = [
  'tenant',
  'actions',
  'triggers',
  'resourceServers',
  'clients',
  'clientGrants',
] as const;

/** Types planned from the table in resource-types.ts: lists of resources keyed by one field. */
export const COLLECTION_TYPES = [
  'databases',
  'connections',
  'roles',
  'rules',
  'emailTemplates',
  'logStreams',
  'customDomains',
  'guardianFactors',
  'guardianFactorTemplates',
  'guardianFactorProviders',
  'networkACLs',
  'userAttributeProfiles',
  'phoneTemplates',
  'phoneProviders',
  'rulesConfigs',
  'rateLimitPolicies',
  'connectionProfiles',
  'eventStreams',
  'forms',
  'flows',
  'flowVaultConnections',
  'hooks',
  'organizations',
  'themes',
  'selfServiceProfiles',
  'tokenExchangeProfiles',
  'actionModules',
  'pages',
] as const;

/** Types planned from the table that are one settings object per tenant. */
export const SINGLETON_TYPES = [
  'branding',
  'prompts',
  'emailProvider',
  'attackProtection',
  'guardianPolicies',
  'guardianPhoneFactorSelectedProvider',
  'guardianPhoneFactorMessageTypes',
  'riskAssessment',
  'supplementalSignals',
] as const;

/** Every resource type tenant.yaml may declare; deploy-cli manages each one only when present. */
export const MANAGED_TYPES = [...CORE_TYPES, ...COLLECTION_TYPES, ...SINGLETON_TYPES] as const;
export type ManagedType = (typeof MANAGED_TYPES)[number];
export type CollectionType = (typeof COLLECTION_TYPES)[number];
export type SingletonType = (typeof SINGLETON_TYPES)[number];

export type Resource = Readonly<Record<string, unknown>>;

export interface DesiredAction {
  readonly name: string;
  /** The code exactly as the import sends it: keywords replaced, secrets digest filled in. */
  readonly code: string;
  /** The file the code came from, relative to the YAML, for messages. */
  readonly codeFile: string;
  readonly runtime?: string;
  readonly deployed: boolean;
  /** The npm modules Auth0 installs for it (checked by preflight: action-dependencies.ts). */
  readonly dependencies: readonly ActionDependency[];
  readonly supported_triggers: readonly unknown[];
  /** Action modules the code requires, by name and version number (deploy-cli's YAML). */
  readonly modules?: readonly unknown[];
  readonly secrets: readonly NamedSecret[];
  /**
   * What each secret's digest in the deployed code must read (see secrets-digest.ts); empty for code
   * our build did not make, whose secrets compare by name only.
   */
  readonly secretDigests: Readonly<Record<string, string>>;
}

export interface TriggerBinding {
  readonly action_name: string;
  readonly display_name: string;
}

/** tenant.yaml after keyword replacement: what the tenant must hold once a deploy has run. */
export interface DesiredTenant
  extends Partial<Record<CollectionType, readonly Resource[]>>,
    Partial<Record<SingletonType, Resource>> {
  readonly tenant?: Resource;
  readonly actions?: readonly DesiredAction[];
  readonly triggers?: Readonly<Record<string, readonly TriggerBinding[]>>;
  readonly resourceServers?: readonly Resource[];
  readonly clients?: readonly Resource[];
  readonly clientGrants?: readonly Resource[];
  /**
   * tenant/deletions.yaml: by type, the identity keys of resources this repository removes. Nothing
   * else is ever deleted: a resource the YAML does not declare is someone else's (see README).
   */
  readonly deletions?: Readonly<Partial<Record<ManagedType, readonly string[]>>>;
  /** What preflight learned that a reviewer should read with the plan (flags deploy-cli drops). */
  readonly notices?: readonly string[];
}

/** The resource types `desired` declares (the deletion list is not one). */
export const declaredTypes = (desired: DesiredTenant): ManagedType[] =>
  MANAGED_TYPES.filter((type) => desired[type] !== undefined);
