import { ToolkitError } from '../core/errors.ts';

export type ClaimsErrorCode = 'E_STALE_GENERATED';

export class ClaimsError extends ToolkitError<ClaimsErrorCode> {
  override readonly name = 'ClaimsError';
}
