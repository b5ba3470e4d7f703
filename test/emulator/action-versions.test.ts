import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../emulator/tenant/fake-tenant.ts';
import { MAX_ACTION_VERSIONS } from '../../emulator/tenant/management/actions.ts';
import { managementCaller } from './tenant/call.ts';

describe('Action versions in the fake tenant', () => {
  it('Auth0 keeps 50 versions per Action, deleting the oldest for each one past that', async () => {
    const tenant = createFakeTenant({ buildDelayMs: 0 });
    const call = await managementCaller(tenant);
    const { body } = await call('POST', '/actions/actions', {
      name: 'claims',
      code: 'exports.onExecutePostLogin = async () => {};',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
    });
    for (let i = 0; i < MAX_ACTION_VERSIONS + 2; i++)
      await call('POST', `/actions/actions/${body.id}/deploy`);
    const numbers: number[] = [];
    for (let page = 0; numbers.length < MAX_ACTION_VERSIONS + 2; page++) {
      const listed = await call('GET', `/actions/actions/${body.id}/versions?page=${page}&per_page=50`);
      const versions = listed.body.versions as Array<{ number: number }>;
      if (versions.length === 0) break;
      numbers.push(...versions.map((version) => version.number));
    }
    expect(MAX_ACTION_VERSIONS).toBe(50);
    expect(numbers).toHaveLength(50);
    expect(Math.max(...numbers)).toBe(52);
    expect(Math.min(...numbers)).toBe(3);
  });
});
