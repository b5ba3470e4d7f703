import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../core/paths.ts';
import { CREDENTIAL_VARIABLES, commandEnvironment } from '../../deploy/command-line.ts';
import { environmentFile, loadEnvironment } from '../../deploy/environment.ts';
import { copyTenant } from '../deploy/tenant-copy.ts';

interface Step {
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  concurrency?: { group: string };
  environment?: string;
  env?: Record<string, string>;
  steps: Step[];
}

const WORKFLOWS = path.join(REPO_ROOT, '.github', 'workflows');

const loadWorkflows = async () => {
  const files = (await readdir(WORKFLOWS)).filter((file) => /\.ya?ml$/.test(file));
  return Promise.all(
    files.map(async (file) => ({
      file,
      jobs: (parse(await readFile(path.join(WORKFLOWS, file), 'utf8')) as { jobs: Record<string, Job> }).jobs,
    })),
  );
};

const runLines = (jobs: Record<string, Job>) =>
  Object.entries(jobs).flatMap(([job, spec]) =>
    spec.steps.filter((step) => step.run).map((step) => ({ job, run: step.run as string })),
  );

describe('CI workflows', () => {
  it('call only npm scripts that exist, with environments that have a mapping file', async () => {
    const { scripts } = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const workflows = await loadWorkflows();
    expect(workflows.length).toBeGreaterThan(0);
    const runs = workflows.flatMap((workflow) => runLines(workflow.jobs));
    for (const { job, run } of runs) {
      for (const [, script] of run.matchAll(/npm run ([\w:-]+)/g)) {
        expect(scripts, `${job}: npm run ${script}`).toHaveProperty(script as string);
      }
      if (/npm (test|t)\b/.test(run)) expect(scripts).toHaveProperty('test');
      for (const [, env] of run.matchAll(/--env (\S+)/g)) {
        expect(existsSync(environmentFile(env as string)), `${job}: --env ${env}`).toBe(true);
      }
    }
  });

  it('promote dev -> staging -> prod, each in its own environment, prod only with --yes', async () => {
    const [workflow] = await loadWorkflows();
    const jobs = workflow?.jobs ?? {};
    const deploys = Object.entries(jobs)
      .map(([name, job]) => ({
        name,
        job,
        run: runLines({ [name]: job }).find((r) => r.run.includes('npm run deploy')),
      }))
      .filter((entry) => entry.run);
    expect(deploys.map((entry) => entry.job.environment)).toEqual(['dev', 'staging', 'prod']);
    expect(deploys.map((entry) => [entry.job.needs].flat()[0])).toEqual([
      'build',
      deploys[0]?.name,
      'plan-prod',
    ]);
    // Reviewers approve prod having seen its plan, made with read-only credentials after staging.
    expect(jobs['plan-prod']?.needs).toBe(deploys[1]?.name);
    expect(jobs['plan-prod']?.environment).toBe('prod-read');
    expect(
      runLines({ p: jobs['plan-prod'] as Job }).some((r) => /npm run plan .*--env prod/.test(r.run)),
    ).toBe(true);
    expect(deploys.map((entry) => entry.run?.run.includes('--yes'))).toEqual([false, false, true]);
    expect(deploys.every((entry) => entry.run?.run.includes('--skip-build'))).toBe(true);
    // ... and the prod deploy applies that plan or nothing (GitHub expressions, built without ${ }).
    const expression = (text: string) => `$\{{ ${text} }}`;
    expect(deploys[2]?.run?.run).toContain(`--expect-plan "${expression('needs.plan-prod.outputs.digest')}"`);
    expect((jobs['plan-prod'] as Job & { outputs?: Record<string, string> }).outputs?.digest).toBe(
      expression('steps.plan.outputs.digest'),
    );
  });

  it('hand tenant credentials only to the steps that plan or deploy, never to npm ci and its install scripts', async () => {
    const holdsSecret = (env: Record<string, string> | undefined) =>
      Object.values(env ?? {}).some((value) => /\bsecrets\b/.test(String(value)));
    for (const { file, jobs } of await loadWorkflows()) {
      for (const [name, job] of Object.entries(jobs)) {
        expect(holdsSecret(job.env), `${file} ${name}: secrets in the job's env`).toBe(false);
        for (const step of job.steps.filter((candidate) => holdsSecret(candidate.env))) {
          expect(step.run ?? step.uses, `${file} ${name}: a step given secrets`).toMatch(
            /^\s*(set \+e\s+)?npm run (plan|deploy)\b/,
          );
        }
      }
    }
  });

  it("let a prod approval wait hold only prod's group, never dev's or staging's", async () => {
    const [workflow] = await loadWorkflows();
    const text = await readFile(path.join(WORKFLOWS, 'tenant.yml'), 'utf8');
    // A workflow-wide group would make every later run wait behind one that waits for approval.
    expect((parse(text) as { concurrency?: unknown }).concurrency).toBeUndefined();
    const groupOf = (name: string) => (workflow?.jobs[name] as Job | undefined)?.concurrency?.group;
    expect(groupOf('deploy-dev')).toBeDefined();
    expect(new Set(['deploy-dev', 'deploy-staging', 'deploy-prod'].map(groupOf)).size).toBe(3);
    // The prod plan and the prod deploy queue together, so a plan never reads prod mid-deploy.
    expect(groupOf('plan-prod')).toBe(groupOf('deploy-prod'));
    expect([groupOf('deploy-dev'), groupOf('deploy-prod')]).not.toContain(groupOf('drift-prod'));
  });
});

/** A secret an engineer adds to every environment file tomorrow, which no workflow names today. */
const NEW_SECRET = 'CLAIMS_NEW_ACTION_SECRET';

/**
 * A step's environment as GitHub would hand it over: `secrets.NAME` and `toJSON(secrets)` from the
 * GitHub environment's secrets, `vars.NAME` as some value; job-level env first, the step's on top.
 */
const render = (job: Job, step: Step, secrets: Record<string, string>): Record<string, string> => {
  const evaluate = (value: string) =>
    value.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
      if (expression === 'toJSON(secrets)') return JSON.stringify(secrets);
      const secret = /^secrets\.(\w+)$/.exec(expression);
      if (secret) return secrets[secret[1] as string] ?? '';
      return /^vars\./.test(expression) ? 'tenant.example' : '';
    });
  return Object.fromEntries(
    Object.entries({ ...job.env, ...step.env }).map(([name, value]) => [name, evaluate(String(value))]),
  );
};

describe('CI hands every named secret to plan and deploy', () => {
  it('a secret added to an environment file reaches each plan and deploy step with no workflow edit', async () => {
    const [workflow] = await loadWorkflows();
    const jobs = workflow?.jobs ?? {};
    const copy = await copyTenant();
    for (const file of await readdir(path.join(copy.dir, 'environments'))) {
      await copy.edit(`environments/${file}`, (text) => {
        const json = JSON.parse(text) as { secrets: Record<string, string> };
        json.secrets.NEW_SECRET_KEY = NEW_SECRET;
        return JSON.stringify(json);
      });
    }
    let checked = 0;
    for (const [name, job] of Object.entries(jobs)) {
      for (const step of job.steps.filter((candidate) =>
        /npm run (plan|deploy)\b/.test(candidate.run ?? ''),
      )) {
        // prod-read holds prod's read-only client: its plan reads prod's mapping.
        const env = String(/--env (\w+)/.exec(step.run ?? '')?.[1]);
        const mapping = await loadEnvironment(env, copy.dir);
        const needed = [...Object.values(mapping.secrets), 'AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET'];
        const githubSecrets = Object.fromEntries(
          [...needed, ...CREDENTIAL_VARIABLES, 'UNRELATED_SECRET'].map((variable) => [
            variable,
            `value of ${variable}`,
          ]),
        );
        const variables = await commandEnvironment(env, render(job, step, githubSecrets), copy.dir);
        for (const variable of needed) {
          expect(variables[variable], `${name}: ${variable} does not reach "${step.run}"`).toBe(
            `value of ${variable}`,
          );
        }
        // Only what the mapping names (and the credentials) is taken from the bag.
        expect(variables.UNRELATED_SECRET).toBeUndefined();
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5);
  });
});
