import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAtRef, type OtherBundle } from '../../audit/bundle-at-ref.ts';
import type { AuditReport } from '../../audit/report.ts';
import { runAudit } from '../../audit/run-audit.ts';
import { REPO_ROOT } from '../../core/paths.ts';
import { DEFAULT_API_AUDIENCE } from '../../emulator/actions/index.ts';

// `npm run audit -- --against <git ref>` end to end on a scratch repository: a small project (its own
// contract, Action and build script) committed, then its contract changed in the working tree, as on
// a branch. The ref's bundle is built from the ref's own tree; the audit names the users it changes.

const CLAIM = 'https://claims.against.test/profile';

const contract = (keys: string[]) => `export const PROFILE_KEYS = ${JSON.stringify(keys)};\n`;

const ACTION = `import { PROFILE_KEYS } from '../claims/contract.ts';
export const onExecutePostLogin = async (event, api) => {
  const profile = {};
  for (const key of PROFILE_KEYS) {
    const value = event.user.user_metadata[key];
    if (typeof value === 'string') profile[key] = value;
  }
  api.idToken.setCustomClaim('${CLAIM}', profile);
};
`;

// The project's own build, as the ref has it: what \`npm run build\` runs there.
const BUILD = `import { build } from 'esbuild';
await build({
  entryPoints: ['actions/post-login-claims.ts'],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  outfile: 'tenant/dist/post-login-claims.js',
  logLevel: 'silent',
});
`;

const USERS = [
  { user_id: 'auth0|nick-only', user_metadata: { nickname: 'ada' } },
  { user_id: 'auth0|themed', user_metadata: { nickname: 'bo', theme: 'dark' } },
  { user_id: 'auth0|theme-only', user_metadata: { theme: 'light' } },
  { user_id: 'auth0|theme-not-text', user_metadata: { theme: 7 } },
  { user_id: 'auth0|nothing', user_metadata: {} },
];

let repo: string;
let base: string;
let other: OtherBundle | undefined;
let report: AuditReport;

const gitIn = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.test', '-c', 'user.name=t', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();

beforeAll(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'audit-against-ref-'));
  await mkdir(path.join(repo, 'claims'));
  await mkdir(path.join(repo, 'actions'));
  await writeFile(
    path.join(repo, 'package.json'),
    JSON.stringify({ private: true, type: 'module', scripts: { build: 'node build.mjs' } }),
  );
  await writeFile(path.join(repo, '.gitignore'), 'node_modules\ntenant/dist\n');
  await writeFile(path.join(repo, 'build.mjs'), BUILD);
  await writeFile(path.join(repo, 'claims', 'contract.ts'), contract(['nickname']));
  await writeFile(path.join(repo, 'actions', 'post-login-claims.ts'), ACTION);
  gitIn('init', '-q', '-b', 'main');
  gitIn('add', '.');
  gitIn('commit', '-qm', 'profile claim: nickname');
  base = gitIn('rev-parse', 'HEAD');

  // The change under review: the contract now lets `theme` through too.
  await writeFile(path.join(repo, 'claims', 'contract.ts'), contract(['nickname', 'theme']));
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  execFileSync('node', ['build.mjs'], { cwd: repo });

  other = await bundleAtRef('main', 'post-login-claims', repo);
  report = await runAudit({
    source: Readable.from([Buffer.from(USERS.map((user) => JSON.stringify(user)).join('\n'))]),
    bundle: path.join(repo, 'tenant', 'dist', 'post-login-claims.js'),
    against: { bundle: other.file, label: other.label },
    audience: DEFAULT_API_AUDIENCE,
    workers: 1,
  });
});

afterAll(async () => {
  await other?.cleanup();
  await rm(repo, { recursive: true, force: true });
});

describe('audit --against a git ref', () => {
  it("builds the ref's own tree, and names the ref and its commit", () => {
    expect(other?.label).toBe(`main (${base.slice(0, 10)})`);
    expect(other?.file).not.toContain(repo);
    expect(report.against?.ref).toBe(other?.label);
  });

  it('reports exactly the users whose claims the change alters, with the path that changed', () => {
    expect(report.against?.compared).toBe(USERS.length);
    expect(report.against?.differ).toEqual({ count: 2, users: ['auth0|themed', 'auth0|theme-only'] });
    expect(report.against?.diffs).toEqual([
      { user: 'auth0|themed', line: 2, diffs: [{ path: `id_token.${CLAIM}.theme`, change: 'added' }] },
      {
        user: 'auth0|theme-only',
        line: 3,
        // Before, the claim was an empty object: a leaf of its own.
        diffs: [
          { path: `id_token.${CLAIM}.theme`, change: 'added' },
          { path: `id_token.${CLAIM}`, change: 'removed' },
        ],
      },
    ]);
  });

  it('leaves nothing behind once cleaned up', async () => {
    const folder = path.dirname(path.dirname(path.dirname(other?.file ?? '')));
    expect(existsSync(folder)).toBe(true);
    await other?.cleanup();
    expect(existsSync(folder)).toBe(false);
  });

  it('names a ref the repository does not have', async () => {
    await expect(bundleAtRef('no-such-branch', 'post-login-claims', repo)).rejects.toThrow(
      /E_GIT: "no-such-branch" names no commit/,
    );
  });
});
