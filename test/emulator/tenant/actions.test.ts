import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { managementCaller } from './call.ts';

const POST_LOGIN = [{ id: 'post-login', version: 'v3' }];
const CODE = 'exports.onExecutePostLogin = async () => {};';

const setup = async (buildDelayMs = 0) => {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const tenant = createFakeTenant({ buildDelayMs, clock: () => now });
  const call = await managementCaller(tenant);
  const advance = (ms: number): void => {
    now += ms;
  };
  return { tenant, call, advance };
};

describe('actions', () => {
  it('refuses to deploy a draft during its build window, then deploys it', async () => {
    const { tenant, call, advance } = await setup(5000);
    const created = await call('POST', '/actions/actions', {
      name: 'claims',
      code: CODE,
      supported_triggers: POST_LOGIN,
    });
    expect(created.body.status).toBe('pending');
    const early = await call('POST', `/actions/actions/${created.body.id}/deploy`);
    expect(early.status).toBe(400);
    expect(early.body.message).toContain("must be in the 'built' state");
    advance(5000);
    const deployed = await call('POST', `/actions/actions/${created.body.id}/deploy`);
    expect(deployed.status).toBe(200);
    expect(deployed.body).toMatchObject({ number: 1, deployed: true, code: CODE });
    expect(tenant.state.actions[0]?.deployed_version_number).toBe(1);
  });

  it('makes a new version on every deploy, even with nothing changed', async () => {
    const { call } = await setup();
    const { body } = await call('POST', '/actions/actions', {
      name: 'claims',
      code: CODE,
      supported_triggers: POST_LOGIN,
    });
    await call('POST', `/actions/actions/${body.id}/deploy`);
    await call('POST', `/actions/actions/${body.id}/deploy`);
    const versions = await call('GET', `/actions/actions/${body.id}/versions`);
    expect(
      versions.body.versions.map((v: { number: number; deployed: boolean }) => [v.number, v.deployed]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it('keeps secret values but never returns them', async () => {
    const { tenant, call } = await setup();
    const secrets = [{ name: 'API_KEY', value: 'value-never-shown' }];
    const { body } = await call('POST', '/actions/actions', {
      name: 'claims',
      code: CODE,
      supported_triggers: POST_LOGIN,
      secrets,
    });
    await call('PATCH', `/actions/actions/${body.id}`, {
      secrets: [{ name: 'API_KEY' }, { name: 'OTHER', value: 'x' }],
    });
    await call('POST', `/actions/actions/${body.id}/deploy`);
    const answers = [
      await call('GET', `/actions/actions/${body.id}`),
      await call('GET', '/actions/actions'),
      await call('GET', `/actions/actions/${body.id}/versions`),
    ];
    for (const answer of answers) expect(JSON.stringify(answer.body)).not.toContain('value-never-shown');
    expect(answers[0]?.body.secrets.map((s: { name: string }) => s.name)).toEqual(['API_KEY', 'OTHER']);
    expect(tenant.state.actions[0]?.secrets.map((s) => s.value)).toEqual(['value-never-shown', 'x']);
  });

  it('enforces required fields, unique names and the code size limit', async () => {
    const { call } = await setup();
    expect((await call('POST', '/actions/actions', { name: 'claims' })).status).toBe(400);
    expect((await call('POST', '/actions/actions', { supported_triggers: POST_LOGIN })).status).toBe(400);
    await call('POST', '/actions/actions', { name: 'claims', code: CODE, supported_triggers: POST_LOGIN });
    expect(
      (await call('POST', '/actions/actions', { name: 'claims', supported_triggers: POST_LOGIN })).status,
    ).toBe(409);
    const huge = 'x'.repeat(100 * 1024 + 1);
    expect(
      (await call('POST', '/actions/actions', { name: 'big', code: huge, supported_triggers: POST_LOGIN }))
        .status,
    ).toBe(400);
  });

  it('binds only deployed Actions, in the given order, replacing the flow', async () => {
    const { tenant, call } = await setup();
    const first = await call('POST', '/actions/actions', {
      name: 'first',
      code: CODE,
      supported_triggers: POST_LOGIN,
    });
    const second = await call('POST', '/actions/actions', {
      name: 'second',
      code: CODE,
      supported_triggers: POST_LOGIN,
    });
    const bind = (names: string[]) =>
      call('PATCH', '/actions/triggers/post-login/bindings', {
        bindings: names.map((name) => ({ ref: { type: 'action_name', value: name }, display_name: name })),
      });
    const refused = await bind(['first']);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('must be deployed');
    await call('POST', `/actions/actions/${first.body.id}/deploy`);
    await call('POST', `/actions/actions/${second.body.id}/deploy`);
    expect((await bind(['second', 'first'])).status).toBe(200);
    expect((await bind(['first'])).status).toBe(200);
    const listed = await call('GET', '/actions/triggers/post-login/bindings');
    expect(listed.body.bindings.map((b: { action: { name: string } }) => b.action.name)).toEqual(['first']);
    expect((await call('DELETE', `/actions/actions/${first.body.id}`)).status).toBe(409);
    expect((await call('DELETE', `/actions/actions/${first.body.id}?force=true`)).status).toBe(204);
    expect(tenant.state.triggerBindings['post-login']).toEqual([]);
    expect((await call('GET', '/actions/triggers/no-such-trigger/bindings')).status).toBe(404);
  });

  it('reports whether the draft holds undeployed changes', async () => {
    const { call } = await setup();
    const { body } = await call('POST', '/actions/actions', {
      name: 'claims',
      code: CODE,
      supported_triggers: POST_LOGIN,
    });
    await call('POST', `/actions/actions/${body.id}/deploy`);
    expect((await call('GET', `/actions/actions/${body.id}`)).body.all_changes_deployed).toBe(true);
    await call('PATCH', `/actions/actions/${body.id}`, { code: `${CODE}\n// changed` });
    const changed = await call('GET', `/actions/actions/${body.id}`);
    expect(changed.body.all_changes_deployed).toBe(false);
    expect(changed.body.deployed_version.code).toBe(CODE);
  });
});
