import { createHash } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import type { Plan, ResourceChange } from './plan-types.ts';

const SIGN = { create: '+', update: '~', delete: '-' } as const;
const MAX_DIFF_LINES = 60;

/** Minified bundles are one long line; splitting at statements makes the diff readable. */
const statements = (code: string): string => code.replace(/;(?=\S)/g, ';\n');

const show = (value: unknown): string => (value === undefined ? '(unset)' : JSON.stringify(value));

export const codeDiff = (name: string, before: string, after: string): string => {
  const patch = createTwoFilesPatch(
    `${name} (tenant)`,
    `${name} (tenant.yaml)`,
    statements(before),
    statements(after),
    '',
    '',
    {
      context: 1,
    },
  );
  const lines = patch
    .split('\n')
    .slice(2)
    .filter((line) => line !== '');
  return lines.length > MAX_DIFF_LINES
    ? [...lines.slice(0, MAX_DIFF_LINES), `... ${lines.length - MAX_DIFF_LINES} more diff lines`].join('\n')
    : lines.join('\n');
};

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
}

export const summarize = (plan: Plan): PlanSummary => ({
  create: plan.changes.filter((change) => change.kind === 'create').length,
  update: plan.changes.filter((change) => change.kind === 'update').length,
  delete: plan.changes.filter((change) => change.kind === 'delete').length,
});

const describeChange = (change: ResourceChange): string[] => {
  const lines = [`  ${SIGN[change.kind]} ${change.type} ${change.name}`];
  for (const field of change.fields) {
    lines.push(
      `      ${field.field}: ${change.kind === 'create' ? show(field.after) : `${show(field.before)} -> ${show(field.after)}`}`,
    );
  }
  for (const secret of change.secrets ?? []) lines.push(`      secret ${secret.name}: ${secret.change}`);
  if (change.undeployed) lines.push('      deploy: the latest code is not deployed yet');
  if (change.bindings) {
    const names = (list: readonly { action_name: string }[]) =>
      list.map((b) => b.action_name).join(' -> ') || '(none)';
    lines.push(`      bindings: ${names(change.bindings.before)}  =>  ${names(change.bindings.after)}`);
  }
  if (change.code && change.kind === 'update') {
    lines.push(
      ...codeDiff(change.name, change.code.before, change.code.after)
        .split('\n')
        .map((line) => `      ${line}`),
    );
  }
  return lines;
};

/**
 * Hides every secret value that would otherwise show up inside a field (secrets go by name only).
 * Field values and the --json form pass through JSON.stringify, which escapes quotes, backslashes and
 * control characters: a secret holding one appears only in its escaped form, so both are masked.
 */
const maskSecrets = (text: string, secrets: Readonly<Record<string, string>>): string =>
  Object.entries(secrets).reduce((out, [name, value]) => {
    if (!value) return out;
    const escaped = JSON.stringify(value).slice(1, -1);
    return [escaped, value].reduce((masked, form) => masked.split(form).join(`(secret ${name})`), out);
  }, text);

/** One line however many there are: "unmanaged (1201): 1000 clients, 200 resourceServers, 1 rules". */
export const unmanagedLine = (plan: Plan): string | undefined => {
  const counts = Object.entries(plan.unmanaged ?? {}).filter(([, count]) => (count ?? 0) > 0);
  if (!counts.length) return undefined;
  const total = counts.reduce((sum, [, count]) => sum + (count ?? 0), 0);
  const shown = counts.slice(0, MAX_TYPES_SHOWN).map(([type, count]) => `${count} ${type}`);
  const more = counts.length > MAX_TYPES_SHOWN ? `, and ${counts.length - MAX_TYPES_SHOWN} more types` : '';
  return `unmanaged (${total}): ${shown.join(', ')}${more}; not in tenant.yaml, left alone`;
};

const MAX_TYPES_SHOWN = 8;

const footer = (plan: Plan): string[] => [
  ...(unmanagedLine(plan) ? [unmanagedLine(plan) as string] : []),
  ...(plan.warnings ?? []).map((warning) => `warning: ${warning}`),
];

export const formatPlanText = (
  env: string,
  domain: string,
  plan: Plan,
  secrets: Readonly<Record<string, string>> = {},
): string => {
  const { create, update, delete: remove } = summarize(plan);
  const head = `Plan for ${env} (${domain}): ${create} to create, ${update} to change, ${remove} to delete`;
  if (plan.changes.length === 0)
    return maskSecrets(
      [head, 'No changes: the tenant matches tenant/tenant.yaml.', ...footer(plan)].join('\n'),
      secrets,
    );
  return maskSecrets(
    [head, '', ...plan.changes.flatMap(describeChange), ...footer(plan)].join('\n'),
    secrets,
  );
};

/** The `--json` form: same content, code as a unified diff instead of two whole bundles. */
export const formatPlanJson = (
  env: string,
  domain: string,
  plan: Plan,
  secrets: Readonly<Record<string, string>> = {},
): string => {
  const changes = plan.changes.map(({ code, target: _target, ...change }) => ({
    ...change,
    ...(code ? { codeDiff: codeDiff(change.name, code.before, code.after) } : {}),
  }));
  const extra = {
    ...(plan.unmanaged ? { unmanaged: plan.unmanaged } : {}),
    ...(plan.warnings ? { warnings: plan.warnings } : {}),
  };
  return maskSecrets(
    JSON.stringify({ env, tenant: domain, summary: summarize(plan), changes, ...extra }, null, 2),
    secrets,
  );
};

/**
 * A fingerprint of everything a plan shows (its --json form, secrets already masked, so it carries
 * nothing about them): `deploy --expect-plan` compares it to refuse applying a plan nobody approved.
 */
export const planDigest = (
  env: string,
  domain: string,
  plan: Plan,
  secrets: Readonly<Record<string, string>> = {},
): string =>
  // Only the changes: another team adding an application between review and deploy changes no write.
  createHash('sha256')
    .update(formatPlanJson(env, domain, { changes: plan.changes }, secrets))
    .digest('hex');
