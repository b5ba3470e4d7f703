import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './paths.ts';

export interface Command {
  readonly name: string;
  /** A shell command, as package.json's scripts hold them; node_modules/.bin is on its PATH, as npm puts it. */
  readonly command: string;
}

export interface CommandResult {
  readonly name: string;
  /** The exit code; a command killed by a signal counts as 1. */
  readonly code: number;
  /** Its stdout and stderr, in the order it wrote them (empty for a command run with `live`). */
  readonly output: string;
  readonly seconds: number;
}

export interface RunOptions {
  /**
   * The scheduling niceness (0-19) of the command and everything it starts: at 10 it takes only the
   * CPU that commands at 0 leave idle, while they wait on timers, sockets or child processes.
   */
  readonly nice?: number;
  /** Its output goes straight to this process's stdout and stderr, as it is written. */
  readonly live?: boolean;
  /** Environment variables set for the command, over this process's own. */
  readonly env?: Readonly<Record<string, string>>;
}

const run = (
  { name, command }: Command,
  { nice = 0, live = false, env = {} }: RunOptions,
): Promise<CommandResult> =>
  new Promise((resolve) => {
    const started = performance.now();
    // `nice` rather than renicing after the start: the shell may already have started the programs.
    const [program, args] =
      nice > 0 ? ['nice', ['-n', String(nice), 'sh', '-c', command]] : ['sh', ['-c', command]];
    const child = spawn(program, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'],
      env: {
        ...process.env,
        ...env,
        PATH: `${path.join(REPO_ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
      },
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = (code: number, more = '') =>
      resolve({
        name,
        code,
        output: Buffer.concat(chunks).toString('utf8') + more,
        seconds: (performance.now() - started) / 1000,
      });
    child.on('error', (error) => done(1, `${error.message}\n`));
    child.on('close', (code) => done(code ?? 1));
  });

/**
 * Runs the commands at once and waits for all of them, each one's output kept whole rather than
 * interleaved with the others'. For commands that do not depend on each other and leave part of a
 * core idle alone (dependency-cruiser and the build run on one thread).
 */
export const runTogether = (
  commands: readonly Command[],
  options: RunOptions = {},
): Promise<CommandResult[]> => Promise.all(commands.map((command) => run(command, options)));

/** Runs the commands one after another, stopping at the first that fails. */
export const runInTurn = async (
  commands: readonly Command[],
  options: RunOptions = {},
): Promise<CommandResult[]> => {
  const results: CommandResult[] = [];
  for (const command of commands) {
    const result = await run(command, options);
    results.push(result);
    if (result.code !== 0) break;
  }
  return results;
};
