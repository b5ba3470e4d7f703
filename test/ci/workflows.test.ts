import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../core/paths.ts';
import { environmentFile } from '../../deploy/environment.ts';

interface Step {
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
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
      Object.values(env ?? {}).some((value) => /\bsecrets\./.test(String(value)));
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

  it("keep the nightly drift plan out of the deploys' concurrency group", async () => {
    // GitHub cancels a pending run when another joins its group: a nightly run in the deploys'
    // group would cancel a queued deploy of main (or wait hours behind a prod approval).
    const text = await readFile(path.join(WORKFLOWS, 'tenant.yml'), 'utf8');
    const { concurrency } = parse(text) as { concurrency: { group: string } };
    expect(concurrency.group).toMatch(/github\.event_name == 'schedule'/);
  });
});
