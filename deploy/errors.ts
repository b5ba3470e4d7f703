import { ToolkitError } from '../core/errors.ts';

export type DeployErrorCode =
  | 'E_ALREADY_DECLARED'
  | 'E_APPROVAL_REQUIRED'
  | 'E_BAD_SELECTION'
  | 'E_BUILD_FAILED'
  | 'E_BUNDLE_MISSING'
  | 'E_BUNDLE_TOO_LARGE'
  | 'E_DELETES_DEPLOY_CLIENT'
  | 'E_DELETE_NOT_ALLOWED'
  | 'E_FILE_MISSING'
  | 'E_IMPORT_FAILED'
  | 'E_MANAGEMENT_API'
  | 'E_MISSING_CREDENTIALS'
  | 'E_MISSING_SCOPE'
  | 'E_MISSING_SECRET'
  | 'E_NO_MATCH'
  | 'E_NOT_CONVERGED'
  | 'E_PLAN_CHANGED'
  | 'E_SECRET_IN_REPO'
  | 'E_TENANT_UNREACHABLE'
  | 'E_TYPECHECK'
  | 'E_UNKNOWN_ACTION'
  | 'E_UNKNOWN_ENVIRONMENT'
  | 'E_UNKNOWN_KEY'
  | 'E_UNKNOWN_TYPE'
  | 'E_UNRESOLVED_PLACEHOLDER'
  | 'E_UNSUPPORTED_RESOURCE'
  | 'E_WRONG_TENANT'
  | 'E_YAML';

export class DeployError extends ToolkitError<DeployErrorCode> {
  override readonly name = 'DeployError';
}
