import { ToolkitError } from '../core/errors.ts';

export type EmulatorErrorCode = 'E_ACTION_INVALID' | 'E_ACTION_LOAD_FAILED' | 'E_UNDECLARED_ACTION_MODULE';

export class EmulatorError extends ToolkitError<EmulatorErrorCode> {
  override readonly name = 'EmulatorError';
}
