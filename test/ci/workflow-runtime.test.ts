import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO_ROOT, TENANT_YAML } from '../../core/paths.ts';

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const WORKFLOW = path.join(REPO_ROOT, '.github', 'workflows', 'tenant.yml');
const load = async () => {
  const text = await readFile(WORKFLOW, 'utf8');
  return { text, workflow: parse(text) as Workflow };
};

/**
 * The first major of each action that runs on Node 24 by default (GitHub retires Node 20 for actions):
 * actions/checkout v5 and actions/setup-node v5 moved to node24; actions/upload-artifact v6 and
 * actions/download-artifact v7 are the first that run on it by default (their v6.0.0 / v7.0.0 release
 * notes: "v5 [v6] had preliminary support for Node.js 24, however this action was by default still
 * running on Node.js 20").
 */
const FIRST_NODE24_MAJOR: Record<string, number> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/upload-artifact': 6,
  'actions/download-artifact': 7,
};

describe('the tenant workflow', () => {
  it("passes action-validator's schema check", async () => {
    const { text } = await load();
    expect(validateWorkflow(text).errors).toEqual([]);
    // ... which does catch a misspelt key, so the check above can fail.
    expect(validateWorkflow(text.replace('runs-on:', 'run-on:')).errors).not.toEqual([]);
  });

  it('uses only actions that run on Node 24', async () => {
    const { workflow } = await load();
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => step.uses ?? []));
    expect(uses.length).toBeGreaterThan(0);
    for (const use of uses) {
      const [name, version] = use.split('@') as [string, string];
      expect(FIRST_NODE24_MAJOR, `${use}: add its first Node 24 major here`).toHaveProperty([name]);
      expect(Number(/^v(\d+)/.exec(version)?.[1]), use).toBeGreaterThanOrEqual(FIRST_NODE24_MAJOR[name] ?? 0);
    }
  });

  it("runs Node at the major of the Actions' runtime in tenant.yaml", async () => {
    const { workflow } = await load();
    const tenant = parse(await readFile(TENANT_YAML, 'utf8')) as { actions?: { runtime?: string }[] };
    const runtimes = new Set((tenant.actions ?? []).map((action) => action.runtime));
    expect(runtimes.size).toBe(1);
    const major = /^node(\d+)$/.exec(String([...runtimes][0]))?.[1];
    expect(workflow.env?.NODE_VERSION).toBe(major);
    for (const job of Object.values(workflow.jobs)) {
      for (const step of job.steps.filter((candidate) => candidate.uses?.startsWith('actions/setup-node@'))) {
        expect(step.with?.['node-version']).toBe(`$\{{ env.NODE_VERSION }}`);
      }
    }
  });

  it('records what prod runs after each prod deploy, and the drift plan compares prod with that', async () => {
    const { workflow } = await load();
    const deploy = workflow.jobs['deploy-prod'] as Job;
    const runs = deploy.steps.map((step) => step.run ?? '');
    const deployed = runs.findIndex((run) => run.includes('npm run deploy'));
    const tagged = runs.findIndex((run) => /git push .*refs\/tags\/deployed\/prod/.test(run));
    expect(tagged).toBeGreaterThan(deployed);
    expect(deploy.permissions?.contents).toBe('write');
    const drift = workflow.jobs['drift-prod'] as Job;
    expect(drift.if).toContain("'schedule'");
    expect(drift.steps.find((step) => step.uses?.startsWith('actions/checkout@'))?.with?.ref).toBe(
      'deployed/prod',
    );
    // Main's head is not what prod runs: the drift job must not download main's artifact or build it.
    expect(drift.steps.some((step) => step.uses?.startsWith('actions/download-artifact@'))).toBe(false);
    expect(drift.steps.some((step) => /npm run plan -- --env prod\b/.test(step.run ?? ''))).toBe(true);
  });
});
