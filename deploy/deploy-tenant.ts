import path from 'node:path';
import { TENANT_DIR } from '../core/paths.ts';
import { applyPlan } from './apply-plan.ts';
import { ensureBundlesBuilt } from './bundle-freshness.ts';
import { loadEnvironment } from './environment.ts';
import { DeployError } from './errors.ts';
import { planDigest } from './format-plan.ts';
import { createManagementApi, type ManagementConnection } from './management-api.ts';
import { capList, planDeploy } from './plan.ts';
import type { Plan, ResourceChange } from './plan-types.ts';
import { type PreflightResult, preflight, secretValues } from './preflight.ts';
import { type CurrentTenant, readTenant } from './read-tenant.ts';

export interface TenantCommandOptions {
  readonly env: string;
  readonly connection: ManagementConnection;
  /** Where secret placeholders read their values (default `process.env`). */
  readonly secretSource?: Readonly<Record<string, string | undefined>>;
  /** The folder of tenant.yaml and environments/ (default `tenant/`). */
  readonly tenantDir?: string;
  readonly log?: (line: string) => void;
}

export interface DeployOptions extends PlanOptions {
  /** `--yes`: required for protected environments. */
  readonly approved?: boolean;
  /** `--allow-delete`: without it, a plan that deletes anything is refused before any write. */
  readonly allowDelete?: boolean;
  readonly quietImport?: boolean;
  /** Called with the plan before anything is written (the CLI prints it). */
  readonly onPlan?: (plan: Plan, checked: PreflightResult) => void;
  /** How many imports one deploy may run before giving up (default 3). */
  readonly maxImportAttempts?: number;
  /** `--expect-plan`: the digest of the plan reviewers approved; any other plan is refused unapplied. */
  readonly expectPlan?: string;
}

export interface PlanResult {
  readonly preflight: PreflightResult;
  readonly plan: Plan;
}

export interface DeployResult extends PlanResult {
  /** The changes the deploy applied (empty when the tenant already matched). */
  readonly applied: readonly ResourceChange[];
  readonly imports: number;
}

/** An import that fails part-way (a dropped connection, a 5xx storm) is planned and run again. */
const MAX_IMPORT_ATTEMPTS = 3;

const target = (connection: ManagementConnection) => ({
  domain: connection.domain,
  ...(connection.clientId ? { clientId: connection.clientId } : {}),
});

const readCurrent = async (
  options: TenantCommandOptions,
  checked: PreflightResult,
): Promise<{ plan: Plan; current: CurrentTenant }> => {
  const api = createManagementApi(options.connection);
  const current = await readTenant(api, checked.desired);
  const plan = planDeploy(checked.desired, current, {
    domain: options.connection.domain,
    unmanagedClients: checked.mapping.unmanagedClients,
    ...(options.connection.clientId ? { deployClientId: options.connection.clientId } : {}),
  });
  return { plan, current };
};
const readPlan = async (options: TenantCommandOptions, checked: PreflightResult): Promise<Plan> =>
  (await readCurrent(options, checked)).plan;

export interface PlanOptions extends TenantCommandOptions {
  /** Build first when the bundles are missing or stale (default); `--skip-build` plans them as they are. */
  readonly build?: boolean;
  /** The Action entry points the build reads (default `actions/`). */
  readonly actionsDir?: string;
}

/**
 * A plan needs the bundles' bytes, so plan and deploy build them first when they are missing or
 * stale; the environment is checked before that, so a mistyped --env fails before a build.
 */
const buildIfStale = async (options: PlanOptions): Promise<void> => {
  await loadEnvironment(options.env, options.tenantDir);
  if (options.build === false) return;
  const built = await ensureBundlesBuilt({
    outDir: path.join(options.tenantDir ?? TENANT_DIR, 'dist'),
    ...(options.actionsDir ? { actionsDir: options.actionsDir } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  if (built)
    options.log?.(`build: ${built.map((action) => `${action.name} ${action.bytes} bytes`).join(', ')}`);
};

/** `npm run plan`: build if stale, preflight, then read the tenant and compare. Never writes. */
export const planTenant = async (options: PlanOptions): Promise<PlanResult> => {
  await buildIfStale(options);
  const checked = await preflight({
    env: options.env,
    target: target(options.connection),
    secretSource: options.secretSource ?? process.env,
    approved: true,
    ...(options.tenantDir ? { tenantDir: options.tenantDir } : {}),
  });
  return { preflight: checked, plan: await readPlan(options, checked) };
};

/** Refuses deletes without --allow-delete, and on a retry any delete the first (shown) plan lacked. */
const refuseDeletes = (plan: Plan, allowDelete: boolean, shown: Plan = plan): void => {
  const wasShown = (change: ResourceChange) =>
    shown.changes.some(
      (seen) => seen.kind === 'delete' && seen.type === change.type && seen.name === change.name,
    );
  const deletes = plan.changes.filter((change) => change.kind === 'delete');
  const names = (changes: ResourceChange[]) =>
    capList(changes.map((change) => `${change.type} ${change.name}`));
  if (deletes.length && !allowDelete) {
    throw new DeployError(
      'E_DELETE_NOT_ALLOWED',
      `the deploy would delete ${names(deletes)}; add them to tenant/tenant.yaml to keep them, or rerun with --allow-delete`,
    );
  }
  const unshown = deletes.filter((change) => !wasShown(change));
  if (unshown.length) {
    throw new DeployError(
      'E_DELETE_NOT_ALLOWED',
      `the retried import would delete ${names(unshown)}, which the plan shown before the import did not; run the deploy again to review the new plan`,
    );
  }
};

/**
 * `npm run deploy`: build if stale, preflight (no request), plan; with nothing to change it stops there, so
 * a no-op deploy writes nothing and creates no Action version. Otherwise the real deploy-cli
 * import, then a read-back that must find the tenant converged (an empty plan).
 */
export const deployTenant = async (options: DeployOptions): Promise<DeployResult> => {
  const log = options.log ?? (() => {});
  const checkOptions = {
    env: options.env,
    target: target(options.connection),
    secretSource: options.secretSource ?? process.env,
    approved: options.approved ?? false,
    allowDelete: options.allowDelete ?? false,
    ...(options.tenantDir ? { tenantDir: options.tenantDir } : {}),
  };
  await buildIfStale({ ...options, log });
  log(`preflight: ${options.env} -> ${options.connection.domain}`);
  const checked = await preflight(checkOptions);
  const read = await readCurrent(options, checked);
  const first = read.plan;
  log(`plan: ${first.changes.length} change(s)`);
  options.onPlan?.(first, checked);
  if (options.expectPlan !== undefined) {
    const digest = planDigest(options.env, options.connection.domain, first, secretValues(checked));
    if (digest !== options.expectPlan) {
      throw new DeployError(
        'E_PLAN_CHANGED',
        `the plan is now ${digest}, not the approved ${options.expectPlan}: the tenant or tenant.yaml changed since the review; plan again and have the new plan approved`,
      );
    }
  }
  refuseDeletes(first, checkOptions.allowDelete);
  if (first.changes.length === 0) return { preflight: checked, plan: first, applied: [], imports: 0 };
  let { plan, current } = read;
  const api = createManagementApi(options.connection);
  for (let attempt = 1; ; attempt += 1) {
    log(`import: auth0-deploy-cli, attempt ${attempt}`);
    const failure = await applyPlan({
      plan,
      checked,
      current,
      connection: options.connection,
      api,
      quiet: options.quietImport ?? false,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    // A missing scope is refused again on every attempt: stop at once, saying what to grant.
    if (failure instanceof DeployError && failure.code === 'E_MISSING_SCOPE') throw failure;
    ({ plan, current } = await readCurrent(options, checked));
    log(`read-back: ${plan.changes.length} change(s) left`);
    if (plan.changes.length === 0)
      return { preflight: checked, plan: first, applied: first.changes, imports: attempt };
    if (!failure || attempt >= (options.maxImportAttempts ?? MAX_IMPORT_ATTEMPTS)) {
      const left = capList(plan.changes.map((change) => `${change.kind} ${change.type} ${change.name}`));
      const cause = failure instanceof Error ? ` (${failure.message})` : '';
      throw new DeployError(
        'E_NOT_CONVERGED',
        `after the import the tenant still differs: ${left}${cause}; run npm run plan to see why`,
      );
    }
    log(`import failed (${failure instanceof Error ? failure.message : String(failure)}); planning again`);
    refuseDeletes(plan, checkOptions.allowDelete, first);
  }
};
