import { ToolkitError } from '../core/errors.ts';

export type LocalErrorCode =
  | 'E_LOGIN_FAILED'
  | 'E_NOT_CONVERGED'
  | 'E_PORT_IN_USE'
  | 'E_ROUND_TRIP_FAILED'
  | 'E_SPA_ORIGIN_NOT_ALLOWED'
  | 'E_UNKNOWN_ENVIRONMENT';

export class LocalError extends ToolkitError<LocalErrorCode> {
  override readonly name = 'LocalError';
}
