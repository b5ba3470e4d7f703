import { ToolkitError } from '../core/errors.ts';

export type ApiServerErrorCode = 'E_BAD_CONFIG' | 'E_PORT_IN_USE';

export class ApiServerError extends ToolkitError<ApiServerErrorCode> {
  override readonly name = 'ApiServerError';
}
