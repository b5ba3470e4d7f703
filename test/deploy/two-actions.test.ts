import { beforeAll, describe, expect, it } from 'vitest';
import { formatPlanText } from '../../deploy/format-plan.ts';
import { planDeploy } from '../../deploy/plan.ts';
import { type PreflightResult, preflight, secretValues } from '../../deploy/preflight.ts';
import { buildEvent, loadBundledAction, runPostLoginFlow } from '../../emulator/actions/index.ts';
import { fixtureTenant } from '../fixtures/fixture-tenants.ts';

// On the two-actions fixture: a secret an environment takes from a variable, a plan of two Actions
// bound in order, and the flow the two make once deployed, each with its own secrets.
const TWO_ACTIONS = fixtureTenant('two-actions');
const DOMAIN = 'local-tenant.auth0.test';
const DEPLOY_CLIENT = { client_id: 'deploy-client-id', name: 'Deploy (auth0-deploy-cli)' };
const BLOCKED = 'blocked.example';

const check = (secretSource: Record<string, string>) =>
  preflight({ env: 'local', target: { domain: DOMAIN }, secretSource, tenantDir: TWO_ACTIONS.dir });

let checked: PreflightResult;
beforeAll(async () => {
  checked = await check({ TWO_ACTIONS_BLOCKED_DOMAINS: BLOCKED });
});

describe('two Actions with a secret', () => {
  it("refuses, before any request, while the secret's environment variable is unset", async () => {
    await expect(check({})).rejects.toMatchObject({
      code: 'E_MISSING_SECRET',
      message: expect.stringContaining(
        'takes secret BLOCKED_DOMAINS from environment variable TWO_ACTIONS_BLOCKED_DOMAINS',
      ),
    });
  });

  it('plans both Actions and their bindings in order, showing the secret by name only', () => {
    const plan = planDeploy(
      checked.desired,
      { actions: [], triggers: {}, clients: [DEPLOY_CLIENT], clientGrants: [] },
      { domain: DOMAIN, deployClientId: DEPLOY_CLIENT.client_id },
    );
    expect(plan.changes.map((change) => `${change.kind} ${change.type} ${change.name}`)).toEqual([
      'create actions post-login-tag',
      'create actions post-login-gate',
      'update triggers post-login',
    ]);
    const text = formatPlanText('local', DOMAIN, plan, secretValues(checked));
    expect(text).toContain('bindings: (none)  =>  post-login-tag -> post-login-gate');
    expect(text).toContain('secret BLOCKED_DOMAINS');
    expect(text).not.toContain(BLOCKED);
  });

  it('runs the bound Actions in order, each with its own secrets', async () => {
    const actions = await Promise.all(
      (checked.desired.actions ?? []).map((action) =>
        loadBundledAction(
          { name: action.name, code: action.code },
          { secrets: Object.fromEntries(action.secrets.map((secret) => [secret.name, secret.value])) },
        ),
      ),
    );
    const allowed = await runPostLoginFlow(actions, buildEvent({ user: { email: 'ada@example.com' } }));
    expect(allowed.denied).toBeUndefined();
    expect(allowed.idToken?.payload['https://two-actions.test/tag']).toBe('local');
    const refused = await runPostLoginFlow(actions, buildEvent({ user: { email: `eve@${BLOCKED}` } }));
    expect(refused.denied).toEqual({ reason: `${BLOCKED} may not log in` });
  });
});
