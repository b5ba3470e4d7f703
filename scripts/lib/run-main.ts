import { ToolError } from './errors.ts';

/**
 * The one place a command turns an error into output and an exit code: known errors print one line,
 * anything else prints its stack. `main` may return an exit code (plan returns 2 for "changes").
 */
export const runMain = (main: () => Promise<number | undefined>): void => {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof ToolError) console.error(error.message);
      else console.error(error);
      process.exitCode = 1;
    },
  );
};
