export type { PostLoginApiContext } from './api.ts';
export { createPostLoginApi } from './api.ts';
export { MAX_MFA_COMMANDS, MAX_PRIMARY_USER_ID_LENGTH } from './api-authentication.ts';
export type { DirectoryEntry } from './api-directory.ts';
export { MAX_METADATA_WRITE_BYTES } from './api-tokens.ts';
export {
  MAX_TRANSACTION_METADATA_KEY_CHARS,
  MAX_TRANSACTION_METADATA_TOTAL_BYTES,
  MAX_TRANSACTION_METADATA_VALUE_BYTES,
} from './api-transaction.ts';
export type { CacheErrorCode, CacheRecord, CacheSetOptions } from './cache.ts';
export {
  ActionCache,
  CACHE_DEFAULT_TTL_MS,
  CACHE_MAX_ENTRIES,
  CACHE_MAX_KEY_BYTES,
  CACHE_MAX_TOTAL_BYTES,
  CACHE_MAX_TTL_MS,
  CACHE_MAX_VALUE_BYTES,
} from './cache.ts';
export type { TokenName } from './claim-policy.ts';
export { claimDropReason, requestedApiAudience } from './claim-policy.ts';
export {
  FORBIDDEN_NAMESPACE_MARKERS,
  isAuth0ApiAudience,
  isForbiddenNamespace,
  isNamespacedClaimName,
  isRestrictedClaimName,
  OIDC_PROFILE_CLAIM_SCOPES,
  RESTRICTED_CLAIM_NAMES,
  SCOPE_CLAIM_ERROR,
} from './claim-rules.ts';
export type { DeepPartial } from './event.ts';
export { buildEvent, DEFAULT_API_AUDIENCE, DEFAULT_SESSION_START, DEFAULT_TENANT_DOMAIN } from './event.ts';
export type { FlowAction, LoginOutcome, RunOptions, SuspendedLogin, SuspensionKind } from './flow.ts';
export { DEFAULT_TIMEOUT_MS, runPostLoginFlow } from './flow.ts';
export type { FlowError } from './flow-types.ts';
export { claimBytes, copyJson } from './json.ts';
export type { ActionModuleSource } from './module-require.ts';
export type {
  ApiMethod,
  CallResult,
  LifetimeChanges,
  MetadataWrites,
  MfaRequest,
  PostLoginRecord,
  RecordedCall,
  RedirectRecord,
} from './record.ts';
export { createPostLoginRecord } from './record.ts';
export { redirectRefusal } from './redirect-rules.ts';
export {
  DEFAULT_REDIRECT_TOKEN_SECONDS,
  DEFAULT_TOKEN_PARAMETER,
  encodeRedirectToken,
  validateRedirectToken,
} from './redirect-tokens.ts';
export type { BundleSource, LoadedAction, LoadOptions } from './run.ts';
export { loadBundledAction, readManifestDependencies, runBundledAction } from './run.ts';
export { MAX_SCOPE_LENGTH, scopeProblem } from './scope-rules.ts';
export type { SourceLocation } from './source-location.ts';
export type { MintedAccessToken, MintedToken, MintedTokens, TokenOptions } from './tokens.ts';
export {
  compactJwsBytes,
  DEFAULT_ACCESS_TOKEN_LIFETIME_SECONDS,
  DEFAULT_ID_TOKEN_LIFETIME_SECONDS,
  grantedScopes,
  MAX_CUSTOM_CLAIMS_BYTES,
  mintTokens,
} from './tokens.ts';
export type { UserLogin } from './user-logins.ts';
export { createUserLogins } from './user-logins.ts';
export type {
  ActionFailure,
  ActionModule,
  CompileOptions,
  InvokeTime,
  PostLoginEntry,
  RealmErrors,
  RunScope,
} from './vm.ts';
export { MAX_LOG_CHARS_PER_ACTION } from './vm.ts';
