import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from '../core/errors.ts';
import { REPO_ROOT } from '../core/paths.ts';
import { AuditError } from './errors.ts';

const run = promisify(execFile);

/** Runs git in the repository; a failure names the command and git's own message. */
export const git = async (args: readonly string[], cwd = REPO_ROOT): Promise<string> => {
  try {
    const { stdout } = await run('git', [...args], { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const message = ((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n')[0];
    throw new AuditError('E_GIT', `git ${args.join(' ')} failed: ${message}`);
  }
};

/** The commit a ref names, or a clear error when it names none. */
export const resolveCommit = async (ref: string, cwd = REPO_ROOT): Promise<string> => {
  if (ref.startsWith('-')) throw new UsageError(`"${ref}" is not a git ref`);
  return (
    await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd).catch(() => {
      throw new AuditError(
        'E_GIT',
        `"${ref}" names no commit here; fetch it first (git fetch origin ${ref})`,
      );
    })
  ).trim();
};

/** The merge base of HEAD with `main` (or `origin/main` when there is no local main). */
export const mergeBaseWithMain = async (cwd = REPO_ROOT): Promise<string> => {
  for (const main of ['main', 'origin/main']) {
    const base = await git(['merge-base', 'HEAD', main], cwd).catch(() => undefined);
    if (base) return base.trim();
  }
  throw new AuditError('E_GIT', 'no merge base with main or origin/main; pass --against <ref>');
};
