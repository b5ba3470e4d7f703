import { createHash } from 'node:crypto';
import type { Management } from 'auth0';
import { Hono } from 'hono';
import { badRequest, json, noContent } from '../http.ts';
import { multifactorProviders } from '../seed-users.ts';
import type { UserRecord } from '../state.ts';
import type { TenantEnv } from '../tenant-env.ts';
import { requireScope } from './scopes.ts';
import { userById } from './users.ts';

// A user's MFA as the Management API shows it: `GET /users/{id}/enrollments` lists the Guardian
// enrollments (push, SMS, one-time passwords, WebAuthn), readable with the user's own
// `read:current_user` token; `DELETE /users/{id}/multifactor/{provider}` forgets a Duo or Google
// Authenticator configuration, which the older "Get Management API Access Tokens for Single-Page
// Applications" opens to the user's own `delete:current_user_metadata`.

/** Auth0's Guardian enrollment kinds for the factor types Actions see in `event.user.enrolledFactors`. */
const GUARDIAN_ENROLLMENTS: Record<string, Pick<Management.UsersEnrollment, 'type' | 'auth_method'>> = {
  'push-notification': { type: 'pushNotification', auth_method: 'guardian' },
  otp: { type: 'authenticator', auth_method: 'authenticator' },
  phone: { type: 'sms', auth_method: 'sms' },
  'webauthn-roaming': { type: 'webauthn-roaming', auth_method: 'webauthn-roaming' },
  'webauthn-platform': { type: 'webauthn-platform', auth_method: 'webauthn-platform' },
};

/** Stable per user and factor, so two reads name an enrollment alike. */
const enrollmentId = (userId: string, type: string): string =>
  `dev_${createHash('sha256').update(`${userId}\n${type}`).digest('base64url').slice(0, 16)}`;

const enrollmentsOf = (user: UserRecord): Management.UsersEnrollment[] =>
  (user.enrolledFactors ?? []).flatMap((factor) => {
    const kind = GUARDIAN_ENROLLMENTS[factor.type];
    if (!kind) return [];
    const phone = factor.options?.phone_number;
    return [
      {
        id: enrollmentId(user.user_id, factor.type),
        status: 'confirmed',
        ...kind,
        ...(phone === undefined ? {} : { phone_number: phone }),
      },
    ];
  });

/**
 * The factor types each provider of this route stands for. One-time passwords here are Guardian's
 * (`multifactor: ['guardian']`); the legacy Google Authenticator provider has no factor of its own.
 */
const PROVIDER_FACTORS: Record<Management.UserMultifactorProviderEnum, readonly string[]> = {
  duo: ['duo'],
  'google-authenticator': [],
};

export const userEnrollmentRoutes = new Hono<TenantEnv>()
  .get('/users/:id/enrollments', requireScope('read:users', ['read:current_user']), (c) =>
    json(enrollmentsOf(userById(c))),
  )
  .delete(
    '/users/:id/multifactor/:provider',
    requireScope('update:users', ['delete:current_user_metadata']),
    (c) => {
      const user = userById(c);
      const provider = c.req.param('provider');
      const types = PROVIDER_FACTORS[provider as Management.UserMultifactorProviderEnum];
      if (!types) {
        throw badRequest(
          `Path validation error: 'String does not match pattern' on property provider (one of: ${Object.keys(PROVIDER_FACTORS).join(', ')}).`,
        );
      }
      const kept = (user.enrolledFactors ?? []).filter((factor) => !types.includes(factor.type));
      if (kept.length !== (user.enrolledFactors ?? []).length) {
        user.enrolledFactors = kept;
        user.multifactor = multifactorProviders(kept);
        user.updated_at = c.env.tenant.nowIso();
      }
      return noContent();
    },
  );
