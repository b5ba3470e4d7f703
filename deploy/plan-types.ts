import type { FieldChange } from './compare.ts';
import type { ManagedType, TriggerBinding } from './desired-state.ts';

// What a plan is made of: its own module, so the planners of each type and the formatter share it
// without importing the planner that assembles them.

export type ChangeKind = 'create' | 'update' | 'delete';

export interface SecretChange {
  readonly name: string;
  readonly change: 'added' | 'changed' | 'removed';
}

export interface ResourceChange {
  readonly type: ManagedType;
  readonly name: string;
  readonly kind: ChangeKind;
  readonly fields: readonly FieldChange[];
  /** Deletes: the Management API path that removes the resource (kept out of printed plans). */
  readonly target?: string;
  /** Actions: the code before and after (secrets never, only their names). */
  readonly code?: { readonly before: string; readonly after: string };
  readonly secrets?: readonly SecretChange[];
  /** Actions: created or changed but not yet deployed, or deployed code behind the draft. */
  readonly undeployed?: boolean;
  /** Triggers: the bound Actions, in execution order. */
  readonly bindings?: {
    readonly before: readonly TriggerBinding[];
    readonly after: readonly TriggerBinding[];
  };
}

export interface Plan {
  readonly changes: readonly ResourceChange[];
  /**
   * By type, how many resources the tenant holds that tenant.yaml neither declares nor deletes:
   * someone else's, left alone by every deploy. Not part of the plan's digest.
   */
  readonly unmanaged?: Readonly<Partial<Record<ManagedType, number>>>;
  /** Things a reviewer should know that are not changes (an enabled legacy Rule). */
  readonly warnings?: readonly string[];
}
