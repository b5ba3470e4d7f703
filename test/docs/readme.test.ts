import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { USER_METADATA_CLAIM } from '../../app/claims.ts';
import { REPO_ROOT } from '../../core/paths.ts';
import { CI_SECRETS_VARIABLE, CREDENTIAL_VARIABLES } from '../../deploy/command-line.ts';
import { ENVIRONMENT_FILE_KEYS } from '../../deploy/environment.ts';
import { DEPLOY_SCOPES, PLAN_SCOPES } from '../../deploy/management-scopes.ts';

// The README's reference sections, held to the code they describe: a key, scope or variable the code
// gains and the README lacks fails here.
const readme = () => readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
const rowOf = (text: string, start: string) =>
  text.split('\n').find((line) => line.startsWith(`| ${start}`)) ?? '';

describe('README', () => {
  it('documents every key of an environment file', async () => {
    const text = await readme();
    for (const key of ENVIRONMENT_FILE_KEYS) expect(text, key).toContain(`- \`${key}\``);
  });

  it('lists the Management API scopes of the deploy and the read-only plan client, and the API client', async () => {
    const text = await readme();
    const deploy = rowOf(text, 'deploy (`npm run deploy`)');
    const plan = rowOf(text, 'read-only plan');
    for (const scope of DEPLOY_SCOPES) expect(deploy, scope).toContain(scope);
    for (const scope of PLAN_SCOPES) expect(plan, scope).toContain(scope);
    expect(plan).not.toMatch(/\b(create|update|delete):/);
    expect(rowOf(text, 'preferences API')).toMatch(/read:users update:users/);
  });

  it('names the credentials, CI_SECRETS, --skip-build, --fresh and npm run token', async () => {
    const text = await readme();
    for (const name of [
      ...CREDENTIAL_VARIABLES,
      CI_SECRETS_VARIABLE,
      '--skip-build',
      '--fresh',
      'npm run token',
    ])
      expect(text, name).toContain(name);
  });

  it('shows what a claim looks like for a user with none of its fields', async () => {
    expect(await readme()).toContain(`"${USER_METADATA_CLAIM}": {}`);
  });
});
