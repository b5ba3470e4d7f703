import type { NamedSecret } from './secrets-digest.ts';

/** The six resource types tenant.yaml may declare; deploy-cli manages each one only when present. */
export const MANAGED_TYPES = [
  'tenant',
  'actions',
  'triggers',
  'resourceServers',
  'clients',
  'clientGrants',
] as const;
export type ManagedType = (typeof MANAGED_TYPES)[number];

export type Resource = Readonly<Record<string, unknown>>;

export interface DesiredAction {
  readonly name: string;
  /** The code exactly as the import sends it: keywords replaced, secrets digest filled in. */
  readonly code: string;
  /** The file the code came from, relative to the YAML, for messages. */
  readonly codeFile: string;
  readonly runtime?: string;
  readonly deployed: boolean;
  readonly dependencies: readonly unknown[];
  readonly supported_triggers: readonly unknown[];
  readonly secrets: readonly NamedSecret[];
  /** What each secret's digest in the deployed code must read (see secrets-digest.ts). */
  readonly secretDigests: Readonly<Record<string, string>>;
}

export interface TriggerBinding {
  readonly action_name: string;
  readonly display_name: string;
}

/** tenant.yaml after keyword replacement: what the tenant must hold once a deploy has run. */
export interface DesiredTenant {
  readonly tenant?: Resource;
  readonly actions?: readonly DesiredAction[];
  readonly triggers?: Readonly<Record<string, readonly TriggerBinding[]>>;
  readonly resourceServers?: readonly Resource[];
  readonly clients?: readonly Resource[];
  readonly clientGrants?: readonly Resource[];
}
