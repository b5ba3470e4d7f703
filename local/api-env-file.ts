import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_STATE_DIR } from '../core/paths.ts';

/** Git-ignored, beside `--env local`'s state; lives as long as the `npm start` that wrote it. */
export const API_ENV_FILE = path.join(LOCAL_STATE_DIR, 'start-api.env');

/** Single-quoted, so a shell's `.` reads each value back verbatim. */
const quote = (value: string): string => `'${value.replaceAll("'", `'"'"'`)}'`;

/**
 * Writes `npm run api`'s variables, the client secret included, to a file only the user can read:
 * the secret is never printed in full, yet another terminal can run the API against this tenant.
 */
export const writeApiEnvFile = async (file: string, variables: Record<string, string>): Promise<void> => {
  await mkdir(path.dirname(file), { recursive: true });
  // `mode` applies only to a new file: never leave an older, wider-readable one in place.
  await rm(file, { force: true });
  const lines = Object.entries(variables).map(([name, value]) => `${name}=${quote(value)}`);
  await writeFile(file, `${lines.join('\n')}\n`, { mode: 0o600 });
};

export const removeApiEnvFile = (file: string): Promise<void> => rm(file, { force: true });

/** The shell line that loads the file and starts the API: `set -a` exports what `.` defines. */
export const runApiCommand = (file: string): string =>
  `set -a; . ${quote(path.relative(process.cwd(), file) || file)}; set +a; npm run api`;
