import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';

// A throwaway redis-server for a bench or a test file: a free loopback port, no persistence, stopped
// after. The Redis benches and tests skip without the binary.

export const INSTALL_HINT = 'apt-get install -y redis-server';

const findBinary = (): string | undefined => {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
};

/** The redis-server binary, or undefined (the Redis tests then skip, naming INSTALL_HINT). */
export const REDIS_SERVER = findBinary();

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Kills the server at once (SIGKILL), as a crash or a network loss looks to clients. */
  stop(): Promise<void>;
}

const startOnce = async (binary: string, port: number): Promise<TestRedis> => {
  const child: ChildProcess = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 5_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  child.stdout?.removeAllListeners('data');
  child.stderr?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
};

/** Starts redis-server on a free port; another session may take the port first, so it tries again. */
export const startRedis = async (): Promise<TestRedis> => {
  if (REDIS_SERVER === undefined) throw new Error(`redis-server is not installed: ${INSTALL_HINT}`);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startOnce(REDIS_SERVER, await freePort());
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
};

if (REDIS_SERVER === undefined) {
  console.warn(`redis-server not found: the Redis tests are skipped. Install it with: ${INSTALL_HINT}`);
}
