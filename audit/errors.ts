import { ToolkitError } from '../core/errors.ts';

export type AuditErrorCode =
  | 'E_AUDIT_SOURCE'
  | 'E_AUDIT_CONTRACT'
  | 'E_AUDIT_FAILED'
  | 'E_AUDIT_STALLED'
  | 'E_BUILD_FAILED'
  | 'E_EXPORT_JOB'
  | 'E_GIT';

/** A failure of the claim audit or the contract check; the message says what to do. */
export class AuditError extends ToolkitError<AuditErrorCode> {
  override readonly name = 'AuditError';
}
