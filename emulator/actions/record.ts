import type { Json, JsonObject } from '../../core/json.ts';
import type {
  AuthenticationMethod,
  FactorSelector,
  TransactionMetadataValue,
} from '../../core/post-login-types.ts';

/** Every `api` method the emulator records, by its dotted path on `api`. */
export type ApiMethod =
  | 'access.deny'
  | 'accessToken.setCustomClaim'
  | 'accessToken.addScope'
  | 'accessToken.removeScope'
  | 'idToken.setCustomClaim'
  | 'user.setUserMetadata'
  | 'user.setAppMetadata'
  | 'multifactor.enable'
  | 'redirect.sendUserTo'
  | 'redirect.encodeToken'
  | 'redirect.validateToken'
  | 'redirect.canRedirect'
  | 'cache.get'
  | 'cache.set'
  | 'cache.delete'
  | `authentication.${'challengeWith' | 'challengeWithAny' | 'enrollWith' | 'enrollWithAny'}`
  | 'authentication.recordMethod'
  | 'authentication.setPrimaryUser'
  | `session.${LifetimeMethod | 'revoke' | 'setCookieMode'}`
  | `refreshToken.${LifetimeMethod | 'revoke'}`
  | 'transaction.setMetadata'
  | 'rules.wasExecuted'
  | 'prompt.render'
  | 'validation.error'
  | `samlResponse.${string}`
  | `groups.${'getUserGroups' | 'hasGroupMembership'}`
  | `roles.${'getUserEffectiveRoles' | 'getUserEffectiveRolesByIds' | 'getUserEffectiveRolesByNames'}`;

/** What `api.session` and `api.refreshToken` share. */
export type LifetimeMethod =
  | 'setExpiresAt'
  | 'setIdleExpiresAt'
  | 'setMetadata'
  | 'deleteMetadata'
  | 'evictMetadata';

/**
 * What became of a call: `applied`; `dropped` silently, as Auth0 drops restricted claims; `refused`
 * with an error thrown into the Action; `threw` because its arguments were invalid.
 */
export type CallResult = 'applied' | 'dropped' | 'refused' | 'threw';

export interface RecordedCall {
  /** The Action that made the call (its bundle's name). */
  action: string;
  method: ApiMethod;
  /** The arguments as JSON, copied at call time (`undefined` becomes `null`). */
  args: Json[];
  result: CallResult;
  /** Why the call was dropped, refused or threw. */
  reason?: string;
}

export interface MetadataWrites {
  /** `null` deletes the key, as in a Management API PATCH. */
  user_metadata: JsonObject;
  app_metadata: JsonObject;
}

export interface RedirectRecord {
  /** The URL with the `query` option's parameters appended. */
  url: string;
  /** Set when Auth0 would refuse the redirect in this flow; the call threw. */
  refused?: string;
  /** The state added to the URL of an accepted redirect, which /continue brings back. */
  state?: string;
}

/** An MFA challenge or enrollment an Action asked for: the flow pauses after that Action. */
export interface MfaRequest {
  kind: 'challenge' | 'enrollment';
  /** The factors left after Auth0's filtering (not enrolled / already enrolled), in order. */
  factors: FactorSelector[];
  /** `challengeWithAny` / `enrollWithAny`: the user picks one. */
  any: boolean;
}

/** Changes asked of the session or the refresh token, which the caller applies after the login. */
export interface LifetimeChanges {
  /** Milliseconds since the Unix epoch; the earliest asked wins. */
  expiresAt?: number;
  idleExpiresAt?: number;
  /** `null` deletes the key; `evicted` drops all keys held before the first later write. */
  metadata: { [key: string]: string | null };
  evicted?: boolean;
  revoked?: { reason: string; preserveRefreshTokens?: boolean };
  cookieMode?: 'persistent' | 'non-persistent';
}

/**
 * Claim sizes by claim name, own properties only (set with `setOwn`, read with `Object.hasOwn`): a
 * plain object, because two Maps per login were a seventh of a login record's garbage.
 */
export type ClaimSizes = { [name: string]: number };

/** Everything one login's Actions asked of `api`, shared by every Action of the flow. */
export interface PostLoginRecord {
  calls: RecordedCall[];
  idTokenClaims: JsonObject;
  accessTokenClaims: JsonObject;
  /**
   * `claimBytes` of each claim `setCustomClaim` set, taken from the copy's JSON text so minting does
   * not write the value out again; a claim set otherwise (a resumed login's) is measured at minting.
   */
  claimBytes: { idToken: ClaimSizes; accessToken: ClaimSizes };
  scopeChanges: Array<{ op: 'add' | 'remove'; scope: string }>;
  metadataWrites: MetadataWrites;
  denied?: { reason: string };
  redirect?: RedirectRecord;
  multifactor?: { provider: string; allowRememberBrowser?: boolean };
  /** The Action that asked for MFA with `multifactor.enable` last: the challenge comes after the flow. */
  multifactorBy?: string;
  /** Set by the Action running now; the flow suspends after it. */
  mfa?: MfaRequest;
  /** How many challenge/enroll commands the flow ran: Auth0 allows four. */
  mfaCommands: number;
  prompt?: { id: string; fields?: JsonObject; vars?: JsonObject };
  /** Methods `recordMethod` completed in this login, to add to the session. */
  recordedMethods: AuthenticationMethod[];
  primaryUser?: string;
  transactionMetadata: { [key: string]: TransactionMetadataValue };
  session: LifetimeChanges;
  refreshToken: LifetimeChanges;
  /** `api.validation.error`: the login fails with this code and message. */
  validationError?: { code: string; message: string };
  samlResponse: JsonObject;
  /** Lines the runtime itself logs, as Auth0 writes warnings into the execution log. */
  warnings: string[];
}

export const createPostLoginRecord = (): PostLoginRecord => ({
  calls: [],
  idTokenClaims: {},
  accessTokenClaims: {},
  claimBytes: { idToken: {}, accessToken: {} },
  scopeChanges: [],
  metadataWrites: { user_metadata: {}, app_metadata: {} },
  mfaCommands: 0,
  recordedMethods: [],
  transactionMetadata: {},
  session: { metadata: {} },
  refreshToken: { metadata: {} },
  samlResponse: {},
  warnings: [],
});

/**
 * Sets an own property even for names such as `__proto__`, which plain assignment would turn into a
 * prototype change: claim and metadata names come from Action code and user data.
 */
export const setOwn = (target: JsonObject, key: string, value: Json): void => {
  // Every target is a plain object of writable data properties, where assignment makes the same own
  // property for any other name, and faster than defining it (several per login).
  if (key === '__proto__')
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
};
