import type { Json, JsonObject } from '../../core/json.ts';

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
  | 'cache.get'
  | 'cache.set'
  | 'cache.delete';

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

/** Everything one login's Actions asked of `api`, shared by every Action of the flow. */
export interface PostLoginRecord {
  calls: RecordedCall[];
  idTokenClaims: JsonObject;
  accessTokenClaims: JsonObject;
  scopeChanges: Array<{ op: 'add' | 'remove'; scope: string }>;
  metadataWrites: MetadataWrites;
  denied?: { reason: string };
  redirect?: RedirectRecord;
  multifactor?: { provider: string; allowRememberBrowser?: boolean };
}

export const createPostLoginRecord = (): PostLoginRecord => ({
  calls: [],
  idTokenClaims: {},
  accessTokenClaims: {},
  scopeChanges: [],
  metadataWrites: { user_metadata: {}, app_metadata: {} },
});

/**
 * Sets an own property even for names such as `__proto__`, which plain assignment would turn into a
 * prototype change: claim and metadata names come from Action code and user data.
 */
export const setOwn = (target: JsonObject, key: string, value: Json): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};
