import { ToolkitError } from './errors.ts';

/**
 * The one place a command turns an error into output and an exit code: a ToolkitError of any part
 * (its stable code, then what to do) prints one line; anything else is a bug and prints its stack.
 * `main` may return an exit code (plan returns 2 for "changes").
 */
export const runMain = (main: () => Promise<number | undefined>): void => {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof ToolkitError) console.error(error.message);
      else console.error(error);
      process.exitCode = 1;
    },
  );
};
