/** Stable codes of the failures our command-line tools report; callers may `switch (error.code)`. */
export type ToolErrorCode =
  | 'E_BUNDLE_TOO_LARGE'
  | 'E_BUILD_FAILED'
  | 'E_USAGE'
  | 'E_UNRESOLVED_PLACEHOLDER'
  | 'E_UNKNOWN_ENVIRONMENT'
  | 'E_MISSING_SECRET'
  | 'E_APPROVAL_REQUIRED'
  | 'E_DELETE_NOT_ALLOWED'
  | 'E_DELETES_DEPLOY_CLIENT'
  | 'E_TENANT_UNREACHABLE'
  | 'E_NOT_CONVERGED'
  | 'E_PLAN_CHANGED'
  | 'E_PORT_IN_USE'
  | 'E_STALE_GENERATED'
  | 'E_ACTION_LOAD_FAILED'
  | 'E_ACTION_INVALID'
  | 'E_BUNDLE_MISSING'
  | 'E_WRONG_TENANT'
  | 'E_MISSING_CREDENTIALS'
  | 'E_UNSUPPORTED_RESOURCE'
  | 'E_MANAGEMENT_API'
  | 'E_IMPORT_FAILED'
  | 'E_LOGIN_FAILED'
  | 'E_ROUND_TRIP_FAILED'
  | 'E_BAD_CONFIG'
  | 'E_AUDIT_SOURCE'
  | 'E_AUDIT_FAILED'
  | 'E_AUDIT_STALLED'
  | 'E_EXPORT_JOB'
  | 'E_GIT'
  | 'E_CONTRACT_BREAKING'
  | 'E_CHANGELOG_MISSING';

/** A failure the user can fix: its message names the thing that is wrong and how to fix it. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
  constructor(
    readonly code: ToolErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
