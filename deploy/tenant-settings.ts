import type { Resource } from './desired-state.ts';

// tenant.yaml's `tenant:` as the Management API will hold it after deploy-cli writes it, so plan
// compares what a deploy can change and converges once it has.

/** deploy-cli sends session lifetimes in minutes; Auth0 answers them in hours (tenant settings GET). */
const LIFETIMES = [
  'session_lifetime',
  'idle_session_lifetime',
  'ephemeral_session_lifetime',
  'idle_ephemeral_session_lifetime',
] as const;

export interface ComparableTenant {
  readonly tenant: Resource;
  /** Flags tenant.yaml sets that deploy-cli never writes: not compared, and the plan says so. */
  readonly droppedFlags: readonly string[];
}

/**
 * `*_in_minutes` become the hours Auth0 reads them back as; flags outside deploy-cli's
 * `allowedTenantFlags` (`universal_login`, `new_universal_login_experience_enabled`,
 * `enable_legacy_logs_search_v2`... which every export holds) are left out of the comparison, since
 * deploy-cli strips them from its PATCH and a plan would otherwise show them changing forever.
 */
export const comparableTenant = (declared: Resource, writableFlags: readonly string[]): ComparableTenant => {
  const tenant: Record<string, unknown> = { ...declared };
  for (const field of LIFETIMES) {
    const minutes = tenant[`${field}_in_minutes`];
    if (typeof minutes !== 'number') continue;
    delete tenant[`${field}_in_minutes`];
    tenant[field] = minutes / 60;
  }
  const flags = declared.flags;
  const droppedFlags =
    flags && typeof flags === 'object'
      ? Object.keys(flags).filter((flag) => !writableFlags.includes(flag))
      : [];
  if (droppedFlags.length) {
    const kept = Object.entries(flags as Resource).filter(([flag]) => writableFlags.includes(flag));
    if (kept.length) tenant.flags = Object.fromEntries(kept);
    else delete tenant.flags;
  }
  return { tenant, droppedFlags };
};
