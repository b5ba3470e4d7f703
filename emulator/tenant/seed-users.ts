import { randomBytes } from 'node:crypto';
import type { JsonObject } from '../../core/json.ts';
import { seedMemberships } from './organization-membership.ts';
import {
  DEFAULT_DATABASE_CONNECTION,
  OPTIONAL_PROFILE_FIELDS,
  type TenantState,
  type UserRecord,
} from './state.ts';

// Users a test or the local tenant starts with, in the default database connection, shaped like the
// users Auth0 stores (ids `auth0|...`, one identity, metadata objects always present).

/** A user to seed; the profile fields Auth0 stores only once set are optional here too. */
export interface UserSeed extends Partial<Pick<UserRecord, (typeof OPTIONAL_PROFILE_FIELDS)[number]>> {
  email: string;
  name?: string;
  user_id?: string;
  password?: string;
  email_verified?: boolean;
  user_metadata?: JsonObject;
  app_metadata?: JsonObject;
  /** The database connection the user signed up in (default: the tenant's default one). */
  connection?: string;
  /** Factors the user enrolled (`{ type: 'otp' }`...), for MFA challenges in the Actions. */
  enrolledFactors?: Array<{ type: string; options?: Record<string, string> }>;
  /** Names of the organizations the user is a member of (organization-membership.ts seeds them). */
  organizations?: string[];
}

/** Auth0 lists the enrolled MFA providers on the user: Guardian for push/OTP/SMS, Duo for Duo. */
const providerOf = (factorType: string): string =>
  factorType === 'duo'
    ? 'duo'
    : factorType === 'webauthn-roaming' || factorType === 'webauthn-platform'
      ? 'webauthn'
      : 'guardian';

/** The `multifactor` list Auth0 shows for a user with these enrolled factors. */
export const multifactorProviders = (factors: ReadonlyArray<{ type: string }>): string[] => [
  ...new Set(factors.map((factor) => providerOf(factor.type))),
];

/**
 * Adds users to the default database connection, and to the organizations they name that the tenant
 * holds already; returns the stored records.
 */
export const seedUsers = (state: TenantState, seeds: UserSeed[], now: string): UserRecord[] => {
  const users = seeds.map((seed) => {
    const userId = seed.user_id ?? `auth0|${randomBytes(12).toString('hex')}`;
    const user: UserRecord = {
      user_id: userId,
      email: seed.email,
      email_verified: seed.email_verified ?? true,
      name: seed.name ?? seed.email,
      nickname: seed.email.split('@')[0] ?? seed.email,
      picture: 'https://s.gravatar.com/avatar/0?s=480&d=mp',
      created_at: now,
      updated_at: now,
      identities: [
        {
          connection: seed.connection ?? DEFAULT_DATABASE_CONNECTION,
          provider: 'auth0',
          user_id: userId.replace(/^auth0\|/, ''),
          isSocial: false,
        },
      ],
      user_metadata: structuredClone(seed.user_metadata ?? {}),
      app_metadata: structuredClone(seed.app_metadata ?? {}),
      logins_count: 0,
      ...(seed.password === undefined ? {} : { password: seed.password }),
    };
    for (const field of OPTIONAL_PROFILE_FIELDS) {
      if (seed[field] !== undefined) Object.assign(user, { [field]: seed[field] });
    }
    if (seed.enrolledFactors && seed.enrolledFactors.length > 0) {
      user.enrolledFactors = structuredClone(seed.enrolledFactors);
      user.multifactor = multifactorProviders(seed.enrolledFactors);
    }
    state.users.push(user);
    return user;
  });
  seedMemberships(
    state,
    users.map((user, index) => ({ user_id: user.user_id, organizations: seeds[index]?.organizations ?? [] })),
  );
  return users;
};
