import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { freePort } from '../../../bench/redis-server.ts';
import { REPO_ROOT } from '../../../core/paths.ts';

// `scripts/api.ts` as its own process, as `npm run api` starts it, with its stdout kept for the test.

export interface ApiProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Every line it printed on stdout so far (JSON request and lifecycle lines). */
  readonly lines: string[];
  /** Resolves with the exit code (null when killed by a signal) and how long after `since` it came. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

let bundled: Promise<string> | undefined;

/**
 * `scripts/api.ts` and our modules in one file, packages left to node_modules as `npm run api` loads
 * them: tsx transpiling every module costs each process about 0.8 s of CPU at start.
 */
export const bundleApi = (): Promise<string> => {
  bundled ??= (async () => {
    const outfile = path.join(REPO_ROOT, 'node_modules/.cache/preferences-api-test/api.mjs');
    await build({
      entryPoints: [path.join(REPO_ROOT, 'test/api/support/fixture-api-main.ts')],
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'error',
    });
    return outfile;
  })();
  return bundled;
};

export const startApiProcess = async (
  env: Record<string, string>,
  options: { cwd?: string; command?: readonly string[]; startTimeoutMs?: number } = {},
): Promise<ApiProcess> => {
  const port = await freePort();
  const [command, ...args] = options.command ?? [process.execPath, '--import', 'tsx', 'scripts/api.ts'];
  const child = spawn(command ?? process.execPath, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let pending = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    const waitMs = options.startTimeoutMs ?? 30_000;
    const timer = setTimeout(
      () => reject(new Error(`the API did not start in ${waitMs} ms:\n${errors}`)),
      waitMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      lines.push(...complete);
      if (complete.some((line) => line.includes('"event":"listening"'))) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`the API exited with ${code} before listening:\n${errors}`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child, lines, exited, stderr: () => errors };
};
