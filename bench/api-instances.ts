import { type ChildProcess, spawn } from 'node:child_process';
import { REPO_ROOT } from '../core/paths.ts';
import { freePort } from './redis-server.ts';

export interface ApiInstance {
  readonly url: string;
  stop(): Promise<void>;
}

/** `scripts/api.ts` in a process of its own, as `npm run api` runs it; resolves once it listens. */
export const startApiInstance = async (env: Record<string, string>): Promise<ApiInstance> => {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/api.ts'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const read = (chunk: Buffer) => {
      seen += chunk.toString();
      if (!seen.includes('"event":"listening"')) return;
      // Request lines keep coming; read and drop them, or a full pipe would stall the API.
      child.stdout?.off('data', read);
      child.stdout?.resume();
      resolve();
    };
    child.stdout?.on('data', read);
    void exited.then(() => reject(new Error('bench: the API exited before listening')));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
};
