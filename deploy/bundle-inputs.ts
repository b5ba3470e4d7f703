import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../core/paths.ts';

/** sha256 of each file by its path relative to the repository, sorted, so the manifest stays deterministic. */
export const digestFiles = async (files: readonly string[]): Promise<Record<string, string>> => {
  const entries = await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file).catch(() => undefined);
      const digest = bytes ? createHash('sha256').update(bytes).digest('hex') : 'missing';
      return [path.relative(REPO_ROOT, file).split(path.sep).join('/'), digest] as const;
    }),
  );
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
};

/** The first recorded input whose bytes are no longer the ones the bundle was built from, if any. */
export const changedInput = async (
  recorded: Readonly<Record<string, string>>,
): Promise<string | undefined> => {
  const now = await digestFiles(Object.keys(recorded).map((file) => path.resolve(REPO_ROOT, file)));
  return Object.keys(recorded).find((file) => now[file] !== recorded[file]);
};
