/**
 * The base of every failure a user can fix. Each part of the toolkit has its own subclass with its own
 * union of stable codes (DeployError, EmulatorError, ...), so callers may `switch (error.code)`; the one
 * `runMain` in scripts/ prints any of them as one line and exits 1. The message names the thing that is
 * wrong and how to fix it.
 */
export abstract class ToolkitError<Code extends `E_${string}` = `E_${string}`> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

/** A command line that cannot be understood; the message shows the usage. */
export class UsageError extends ToolkitError<'E_USAGE'> {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('E_USAGE', message);
  }
}
