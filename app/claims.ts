import type { User } from '@auth0/auth0-spa-js';
import { type AccessTokenClaims, claimContract, claimName, type IdTokenClaims } from '../claims/index.ts';
import { shapeClaims } from '../claims/shape-claims.ts';

export const USER_METADATA_CLAIM = claimName(claimContract, 'user_metadata');
export const APP_METADATA_CLAIM = claimName(claimContract, 'app_metadata');

/** The user's profile choices as the ID token carries them: `preferences`, `display_name`. */
export type UserPreferences = NonNullable<IdTokenClaims[typeof USER_METADATA_CLAIM]>;
/** What the user may do in which app tenant, as our API's access token carries it. */
export type AppClaims = NonNullable<AccessTokenClaims[typeof APP_METADATA_CLAIM]>;

/**
 * The contract's user_metadata claim from `getUser()` (or decoded ID token claims), re-checked
 * against the contract's schemas: an app never renders a value the contract does not allow, even
 * from a token issued before the contract tightened. Absent claim -> `{}`.
 */
export const readPreferences = (user: User | undefined): UserPreferences => {
  const { claims } = shapeClaims(claimContract, { user_metadata: user?.[USER_METADATA_CLAIM] }, ['id_token']);
  return (claims.find((claim) => claim.name === USER_METADATA_CLAIM)?.value ?? {}) as UserPreferences;
};

/**
 * The contract's app_metadata claim from a *verified* access-token payload (our API verifies first;
 * the SPA must never decide anything from an access token it merely decoded). Absent claim -> `{}`.
 */
export const readAppClaims = (accessTokenPayload: Record<string, unknown>): AppClaims => {
  const { claims } = shapeClaims(claimContract, { app_metadata: accessTokenPayload[APP_METADATA_CLAIM] }, [
    'access_token',
  ]);
  return (claims.find((claim) => claim.name === APP_METADATA_CLAIM)?.value ?? {}) as AppClaims;
};
