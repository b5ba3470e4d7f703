import { ToolkitError } from '../core/errors.ts';

export type LocalErrorCode =
  | 'E_ALREADY_RUNNING'
  | 'E_LOGIN_FAILED'
  | 'E_NOT_CONVERGED'
  | 'E_NOT_RUNNING'
  | 'E_PORT_IN_USE'
  | 'E_ROUND_TRIP_FAILED'
  | 'E_SPA_ORIGIN_NOT_ALLOWED'
  | 'E_STUBS_INVALID'
  | 'E_UNKNOWN_ENVIRONMENT'
  | 'E_UNKNOWN_USER';

export class LocalError extends ToolkitError<LocalErrorCode> {
  override readonly name = 'LocalError';
}
