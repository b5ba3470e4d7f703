import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPlanJson, formatPlanText } from '../../deploy/format-plan.ts';
import type { Plan } from '../../deploy/plan-types.ts';

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

  it('masks a secret that JSON escapes (quotes, backslashes, control characters), as text or JSON', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 6, maxLength: 24 }).filter((value) => JSON.stringify(value) !== `"${value}"`),
        (secret) => {
          const leaky: Plan = {
            changes: [
              {
                type: 'clients',
                name: 'Reports job',
                kind: 'update',
                fields: [{ field: 'client_metadata', before: {}, after: { key: secret } }],
              },
            ],
          };
          for (const output of [
            formatPlanText('prod', 'tenant.example', leaky, { REPORTS_KEY: secret }),
            formatPlanJson('prod', 'tenant.example', leaky, { REPORTS_KEY: secret }),
          ]) {
            expect(output).not.toContain(JSON.stringify(secret).slice(1, -1));
            expect(output).toContain('(secret REPORTS_KEY)');
          }
        },
      ),
    );
  });
});
