import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkContract, formatContractCheck } from '../../audit/contract-check.ts';
import { REPO_ROOT } from '../../core/paths.ts';
import { baseDocs, contractPairs, withVersion } from '../fixtures/contracts/pairs.ts';

// contract:check end to end on a scratch git repository: the base contract committed, the change in
// the working tree, as on a pull request.

const BASE_CONTRACT = `import * as v from 'valibot';
export const claimContract = {
  version: '1.4.2',
  namespace: 'https://claims.fixture.test/',
  claims: {
    profile: { token: 'id_token', source: 'user_metadata', maxBytes: 1024, keys: {
      settings: { fields: {
        theme: { schema: v.picklist(['light', 'dark']), editableBy: 'user' },
        locale: { schema: v.pipe(v.string(), v.maxLength(35)), editableBy: 'user' },
      } },
      nickname: { schema: v.pipe(v.string(), v.minLength(1), v.maxLength(32)), editableBy: 'user' },
    } },
    access: { token: 'access_token', source: 'app_metadata', maxBytes: 2048, keys: {
      roles: { schema: v.pipe(v.array(v.string()), v.maxLength(16)), editableBy: 'admin' },
      plan: { schema: v.picklist(['free', 'pro']), editableBy: 'admin' },
    } },
  },
};
export const claimDocs = ${JSON.stringify(baseDocs)};
`;

let repo: string;
const gitIn = (...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.test', '-c', 'user.name=t', ...args], {
    cwd: repo,
    encoding: 'utf8',
  });
const pair = (name: string) => {
  const found = contractPairs.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no fixture pair ${name}`);
  return found;
};

beforeAll(async () => {
  repo = await mkdtemp(path.join(tmpdir(), 'contract-check-'));
  await mkdir(path.join(repo, 'claims'));
  await mkdir(path.join(repo, 'docs'));
  await writeFile(path.join(repo, 'claims', 'contract.ts'), BASE_CONTRACT);
  gitIn('init', '-q', '-b', 'main');
  gitIn('add', '.');
  gitIn('commit', '-qm', 'base contract');
});
afterAll(() => rm(repo, { recursive: true, force: true }));

const check = async (name: string, version: string, changelogLine: string) => {
  const { after, afterDocs } = pair(name);
  await writeFile(
    path.join(repo, 'docs', 'CLAIMS-CHANGELOG.md'),
    `# Claims changelog\n\n## ${version}\n\n- ${changelogLine}\n`,
  );
  return checkContract({
    current: { contract: withVersion(after, version), docs: afterDocs ?? baseDocs },
    cwd: repo,
  });
};

describe('contract:check against the merge base', () => {
  it('fails a renamed field without a new major version, naming the field', async () => {
    const result = await check(
      'a field renamed',
      '1.5.0',
      '`profile.nickname` is now `profile.display_name`',
    );
    expect(result.gate.ok).toBe(false);
    expect(result.changes).toEqual([
      expect.objectContaining({ class: 'breaking', subjects: ['profile.nickname', 'profile.display_name'] }),
    ]);
    expect(formatContractCheck(result)).toContain('breaking changes need a new major version');
  });

  it('passes a renamed field with a new major and its changelog line', async () => {
    const result = await check(
      'a field renamed',
      '2.0.0',
      '`profile.nickname` is now `profile.display_name`',
    );
    expect(result.gate).toEqual({ ok: true, problems: [] });
  });

  it('passes an added field with a minor version and its changelog line', async () => {
    const result = await check('a field added', '1.5.0', '`access.tenant`: the app tenant');
    expect(result.changes.map((change) => change.class)).toEqual(['compatible']);
    expect(result.gate.ok).toBe(true);
    expect(result.against).toMatch(/^merge base with main/);
  });

  it('fails an added field that the changelog does not mention', async () => {
    const result = await check('a field added', '1.5.0', 'nothing to see');
    expect(result.gate.problems).toEqual([expect.stringContaining('`access.tenant`')]);
  });

  it('names a ref that does not exist', async () => {
    await expect(
      checkContract({
        current: { contract: pair('a field added').after },
        against: 'no-such-branch',
        cwd: repo,
      }),
    ).rejects.toThrow(/E_GIT: "no-such-branch" names no commit/);
  });
});

describe('CI', () => {
  it('runs contract:check on pull requests, against the base branch, with the history to find it', async () => {
    const workflow = parse(
      await readFile(path.join(REPO_ROOT, '.github', 'workflows', 'tenant.yml'), 'utf8'),
    ) as {
      jobs: Record<string, { if?: string; steps: Array<{ run?: string; with?: Record<string, unknown> }> }>;
    };
    const job = Object.values(workflow.jobs).find((candidate) =>
      candidate.steps.some((step) => step.run?.includes('npm run contract:check')),
    );
    expect(job?.if).toContain("github.event_name == 'pull_request'");
    expect(job?.steps.find((step) => step.run?.includes('contract:check'))?.run).toContain('github.base_ref');
    expect(job?.steps[0]?.with?.['fetch-depth']).toBe(0);
  });
});
