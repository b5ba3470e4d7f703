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
  /** Its stdout and stderr, in the order it wrote them. */
  readonly output: string;
  readonly seconds: number;
}

const run = ({ name, command }: Command): Promise<CommandResult> =>
  new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, {
      cwd: REPO_ROOT,
      shell: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        PATH: `${path.join(REPO_ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}`,
      },
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
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
export const runTogether = (commands: readonly Command[]): Promise<CommandResult[]> =>
  Promise.all(commands.map(run));
