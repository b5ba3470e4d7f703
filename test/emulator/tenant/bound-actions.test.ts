import { describe, expect, it } from 'vitest';
import { boundActionsFor } from '../../../emulator/tenant/bound-actions.ts';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { managementCaller } from './call.ts';

const POST_LOGIN = [{ id: 'post-login', version: 'v3' }];

describe('bound actions', () => {
  it('lists what a login runs: deployed versions in binding order, with secret values', async () => {
    const tenant = createFakeTenant();
    const call = await managementCaller(tenant);
    const ids: Record<string, string> = {};
    for (const name of ['first', 'second']) {
      const { body } = await call('POST', '/actions/actions', {
        name,
        code: `// ${name} v1`,
        supported_triggers: POST_LOGIN,
        secrets: [{ name: 'KEY', value: `${name}-secret` }],
      });
      ids[name] = body.id;
      await call('POST', `/actions/actions/${body.id}/deploy`);
    }
    await call('PATCH', `/actions/actions/${ids.first}`, { code: '// first draft, not deployed' });
    await call('PATCH', '/actions/triggers/post-login/bindings', {
      bindings: [
        { ref: { type: 'action_id', value: ids.second }, display_name: 'Second' },
        { ref: { type: 'action_name', value: 'first' }, display_name: 'First' },
      ],
    });
    expect(
      boundActionsFor(tenant.state, 'post-login').map(
        ({ name, displayName, code, secrets, versionNumber }) => ({
          name,
          displayName,
          code,
          secrets,
          versionNumber,
        }),
      ),
    ).toEqual([
      {
        name: 'second',
        displayName: 'Second',
        code: '// second v1',
        secrets: { KEY: 'second-secret' },
        versionNumber: 1,
      },
      {
        name: 'first',
        displayName: 'First',
        code: '// first v1',
        secrets: { KEY: 'first-secret' },
        versionNumber: 1,
      },
    ]);
    expect(boundActionsFor(tenant.state, 'credentials-exchange')).toEqual([]);
  });
});
