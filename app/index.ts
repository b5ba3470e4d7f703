export type { AppClaims, UserPreferences } from './claims.ts';
export { APP_METADATA_CLAIM, readAppClaims, readPreferences, USER_METADATA_CLAIM } from './claims.ts';
export type { PreferencesPatch } from './preferences-patch.ts';
export type { TokenClient } from './refresh-claims.ts';
export { refreshClaims } from './refresh-claims.ts';
export type { RefreshResult, StaleReason, UpdateResult } from './results.ts';
export { REFRESH_FAILED_MESSAGE, STALE_MESSAGE } from './results.ts';
export type { UpdatePreferencesOptions } from './update-preferences.ts';
export { updatePreferences } from './update-preferences.ts';
