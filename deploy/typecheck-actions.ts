import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ACTIONS_DIR, REPO_ROOT } from '../core/paths.ts';
import { digestFiles } from './bundle-inputs.ts';
import { DeployError } from './errors.ts';

const require = createRequire(import.meta.url);

/** A type error in the entry points or anything they import, as tsc reports it. */
export interface TypeCheckResult {
  /** Every file of the program that is ours (not a dependency's), for the build's freshness record. */
  readonly files: readonly string[];
}

const DIAGNOSTIC = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/** The ambient types of `actions:NAME` (the Action Modules an Action imports). */
export const ACTION_MODULES_DECLARATION = path.join(ACTIONS_DIR, 'action-modules.d.ts');

/**
 * The declarations the Actions are checked with: the repository's `actions:*` one, and every `.d.ts`
 * beside an entry point (where an Action gives a module it uses its exact type). The check lists only
 * the entry points as its files, so a declaration nothing imports is found only by being named here.
 */
const declarationsFor = async (entries: readonly string[]): Promise<string[]> => {
  const dirs = [...new Set(entries.map((entry) => path.dirname(path.resolve(entry))))];
  const beside = await Promise.all(
    dirs.map(async (dir) =>
      (await readdir(dir)).filter((name) => name.endsWith('.d.ts')).map((name) => path.join(dir, name)),
    ),
  );
  return [...new Set([ACTION_MODULES_DECLARATION, ...beside.flat()])];
};

const inNodeModules = (file: string): boolean => file.includes(`${path.sep}node_modules${path.sep}`);

/**
 * What decides a check's outcome: the bytes of our files in the program, the root tsconfig.json and
 * each package.json from our files' folders up (it sets their module format); and the size and
 * modification time of the libraries' and dependencies' declarations (megabytes, rewritten by an
 * install).
 */
const digestOf = async (program: readonly string[]): Promise<string> => {
  const ours = program.filter((file) => !inNodeModules(file));
  const folders = new Set<string>();
  for (const file of ours) {
    for (let dir = path.dirname(file); !folders.has(dir); dir = path.dirname(dir)) {
      folders.add(dir);
      if (path.dirname(dir) === dir) break;
    }
  }
  const packages = [...folders].map((dir) => path.join(dir, 'package.json'));
  const theirs = await Promise.all(
    program.filter(inNodeModules).map(async (file) => {
      const found = await stat(file).catch(() => undefined);
      return `${file} ${found ? `${found.size} ${found.mtimeMs}` : 'missing'}`;
    }),
  );
  const bytes = await digestFiles([...ours, path.join(REPO_ROOT, 'tsconfig.json'), ...packages]);
  return JSON.stringify([bytes, theirs]);
};

/**
 * Checks that passed in this process, by the files they were given, with the digest that decided
 * them: a build run again on unchanged sources (a bench's several builds, the tests' builds of one
 * fixture) reuses the check instead of running tsc again. Any change runs tsc again; a failed check
 * is never kept.
 */
const passed = new Map<string, { readonly program: readonly string[]; readonly digest: string }>();

/**
 * Type-checks the Action entry points and what they import, with the repository's compiler options,
 * before esbuild (which only strips types) bundles them. It runs TypeScript 7's native `tsc` on just
 * those files: about 0.3-0.7 s for our one Action on this machine, against 10+ s for `npm run
 * typecheck` over the whole repository. A temporary tsconfig extends the root one, so the Actions
 * are held to exactly the rules `npm test` holds them to.
 */
export const typecheckActions = async (entries: readonly string[]): Promise<TypeCheckResult> => {
  if (entries.length === 0) return { files: [] };
  const given = [...(await declarationsFor(entries)), ...entries.map((entry) => path.resolve(entry))];
  const key = JSON.stringify(given);
  const earlier = passed.get(key);
  if (earlier && (await digestOf(earlier.program)) === earlier.digest) {
    return { files: earlier.program.filter((file) => !inNodeModules(file)) };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'typecheck-actions-'));
  try {
    const config = path.join(dir, 'tsconfig.json');
    await writeFile(
      config,
      JSON.stringify({
        extends: path.join(REPO_ROOT, 'tsconfig.json'),
        // Outside the repository, types are found from the repository's node_modules, not this folder's.
        compilerOptions: { typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')] },
        include: [],
        files: given,
      }),
    );
    const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    const output = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        // One checker thread: a program of one Action's files is checked a little sooner than with
        // tsc's default, for 11% less CPU (ten checks of the claims-app fixture: 4.1-4.2 s against
        // 4.4 s wall, 5.9-6.1 s against 6.7-6.8 s of user and system time, back to back on 2 cores).
        [tsc, '-p', config, '--pretty', 'false', '--listFiles', '--checkers', '1'],
        { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
        (_error, stdout) => resolve(stdout),
      );
    });
    const lines = output.split('\n').filter(Boolean);
    const errors = lines.filter((line) => DIAGNOSTIC.test(line) || /^error TS\d+/.test(line));
    const [first] = errors;
    if (first) {
      const match = DIAGNOSTIC.exec(first);
      const where = match
        ? `${path.relative(REPO_ROOT, path.resolve(REPO_ROOT, match[1] as string))}:${match[2]}:${match[3]}`
        : '';
      const what = (match ? `${match[4]} ${match[5]}` : first).replace(/\.$/, '');
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more: npm run typecheck lists them)` : '';
      throw new DeployError(
        'E_TYPECHECK',
        `${where ? `${where} ` : ''}${what}${more}; fix the type error, nothing was bundled`,
      );
    }
    const program = lines
      .filter((line) => !DIAGNOSTIC.test(line))
      .map((line) => path.resolve(REPO_ROOT, line));
    // An empty list is tsc failing to run, not a check that passed: never kept.
    if (program.length > 0) passed.set(key, { program, digest: await digestOf(program) });
    return { files: program.filter((file) => !inNodeModules(file)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
};
