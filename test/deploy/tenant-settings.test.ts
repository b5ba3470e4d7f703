import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparableTenant } from '../../deploy/tenant-settings.ts';

// tenant.yaml's `tenant:` as the Management API holds it once deploy-cli wrote it.

const WRITABLE = ['enable_sso', 'revoke_refresh_token_grant'];

describe('the tenant settings plan compares', () => {
  it('reads any lifetime in minutes as the hours Auth0 answers, and compares only the flags deploy-cli writes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 525_600 }),
        fc.dictionary(
          fc.constantFrom(...WRITABLE, 'universal_login', 'enable_legacy_logs_search_v2'),
          fc.boolean(),
        ),
        (minutes, flags) => {
          const { tenant, droppedFlags } = comparableTenant(
            { idle_session_lifetime_in_minutes: minutes, friendly_name: 'x', flags },
            WRITABLE,
          );
          expect(tenant.idle_session_lifetime).toBe(minutes / 60);
          expect(tenant).not.toHaveProperty('idle_session_lifetime_in_minutes');
          const kept = Object.keys((tenant.flags ?? {}) as object);
          expect(kept.every((flag) => WRITABLE.includes(flag))).toBe(true);
          expect([...kept, ...droppedFlags].sort()).toEqual(Object.keys(flags).sort());
        },
      ),
    );
  });
});
