import { describe, expect, it } from 'vitest';
import { formatPlanJson, formatPlanText } from '../../scripts/deploy/format-plan.ts';
import type { Plan } from '../../scripts/deploy/plan.ts';

const plan: Plan = {
  changes: [
    {
      type: 'clients',
      name: 'Reports job',
      kind: 'update',
      fields: [
        { field: 'client_metadata', before: { key: 'old-value' }, after: { key: 'n3w-s3cret-v4lue' } },
      ],
    },
    {
      type: 'actions',
      name: 'post-login-claims',
      kind: 'update',
      fields: [],
      secrets: [{ name: 'PARTNER_KEY', change: 'changed' }],
    },
  ],
};

describe('plan output', () => {
  it('names secrets and never shows their values, as text or JSON', () => {
    const secrets = { REPORTS_KEY: 'n3w-s3cret-v4lue' };
    const text = formatPlanText('prod', 'tenant.example', plan, secrets);
    const json = formatPlanJson('prod', 'tenant.example', plan, secrets);
    for (const output of [text, json]) {
      expect(output).not.toContain('n3w-s3cret-v4lue');
      expect(output).toContain('(secret REPORTS_KEY)');
    }
    expect(text).toContain('secret PARTNER_KEY: changed');
    expect(text).toContain('Plan for prod (tenant.example): 0 to create, 2 to change, 0 to delete');
  });
});
