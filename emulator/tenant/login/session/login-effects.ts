import type { AuthenticationMethod } from '../../../../core/post-login-types.ts';
import type { LifetimeChanges } from '../../../actions/index.ts';
import type { LoginEffects } from '../post-login/post-login-input.ts';
import type { LoginSession, LoginState } from './login-state.ts';

// What the post-login Actions asked of the login's session and refresh token
// (`api.session.*`, `api.refreshToken.*`, `api.authentication.recordMethod`), applied to the local
// tenant's records after the flow, as Auth0 applies them when the transaction ends
// (https://auth0.com/docs/actions/reference/post-login/post-login-api-object).

/** Metadata after an Action's writes: eviction drops what was held first; `null` deletes a key. */
export const mergedMetadata = (
  held: Record<string, string>,
  changes: LifetimeChanges,
): Record<string, string> => {
  const merged: Record<string, string> = changes.evicted ? {} : { ...held };
  for (const [key, value] of Object.entries(changes.metadata)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
};

/** A method completed again replaces its earlier record: its timestamp is the latest completion. */
export const withMethods = (
  held: readonly AuthenticationMethod[],
  completed: readonly AuthenticationMethod[],
): AuthenticationMethod[] => {
  const same = (a: AuthenticationMethod, b: AuthenticationMethod) =>
    a.name === b.name && a.url === b.url && a.type === b.type;
  const kept = held.filter((method) => !completed.some((done) => same(method, done)));
  return [...kept, ...completed.map((method) => ({ ...method }))];
};

/** Applies the session part: methods, metadata, expiry, revocation (with or without its refresh tokens). */
export const applySessionEffects = (
  state: LoginState,
  sessionHandle: string | undefined,
  session: LoginSession | undefined,
  effects: LoginEffects,
): void => {
  if (!session || sessionHandle === undefined) return;
  const changes = effects.session;
  if (changes.revoked) {
    state.sessions.delete(sessionHandle);
    if (!changes.revoked.preserveRefreshTokens) state.refreshTokens.revokeSession(session.sid);
    return;
  }
  session.methods = withMethods(session.methods, effects.authenticationMethods);
  session.metadata = mergedMetadata(session.metadata, changes);
  if (changes.cookieMode) session.cookieMode = changes.cookieMode;
  const ends = [changes.expiresAt, changes.idleExpiresAt].filter((at): at is number => at !== undefined);
  if (ends.length > 0) state.sessions.expireBy(sessionHandle, Math.min(...ends));
};

/** Applies the refresh-token part to the family an exchange used. */
export const applyRefreshTokenEffects = (
  state: LoginState,
  familyId: string,
  effects: LoginEffects,
): void => {
  const changes = effects.refreshToken;
  if (changes.revoked) {
    state.refreshTokens.revokeFamily(familyId);
    return;
  }
  state.refreshTokens.limitFamily(familyId, {
    ...(changes.expiresAt === undefined ? {} : { expiresAt: changes.expiresAt }),
    ...(changes.idleExpiresAt === undefined ? {} : { idleExpiresAt: changes.idleExpiresAt }),
  });
  state.refreshTokens.setMetadata(
    familyId,
    mergedMetadata(state.refreshTokens.metadataOf(familyId), changes),
  );
};
