import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../core/paths.ts';
import { AuditError } from './errors.ts';
import { git, resolveCommit } from './git.ts';

const run = promisify(execFile);
const BUILD_TIMEOUT_MS = 120_000;

export interface OtherBundle {
  readonly file: string;
  /** How the report names it: the ref and its short commit, or the file. */
  readonly label: string;
  cleanup(): Promise<void>;
}

/**
 * The bundle `--against` compares with: a `.js` file as given, or what `npm run build` makes of a git
 * ref's tree (of the repository at `cwd`), built in a temporary copy with that ref's own build script
 * (our node_modules linked in).
 */
export const bundleAtRef = async (ref: string, bundleName: string, cwd = REPO_ROOT): Promise<OtherBundle> => {
  if (ref.endsWith('.js') && existsSync(ref))
    return { file: path.resolve(ref), label: ref, cleanup: async () => undefined };
  const commit = await resolveCommit(ref, cwd);
  const dir = await mkdtemp(path.join(tmpdir(), 'audit-against-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const archive = path.join(dir, 'tree.tar');
    await git(['archive', '--format=tar', '-o', archive, commit], cwd);
    await run('tar', ['-xf', archive, '-C', dir]);
    await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    await run('npm', ['run', '--silent', 'build'], { cwd: dir, timeout: BUILD_TIMEOUT_MS }).catch((error) => {
      throw new AuditError(
        'E_BUILD_FAILED',
        `npm run build at ${ref} failed: ${String(error.stderr ?? error.message).trim()}`,
      );
    });
    const file = path.join(dir, 'tenant', 'dist', `${bundleName}.js`);
    if (!existsSync(file))
      throw new AuditError('E_BUILD_FAILED', `the build at ${ref} wrote no tenant/dist/${bundleName}.js`);
    return { file, label: `${ref} (${commit.slice(0, 10)})`, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
};
