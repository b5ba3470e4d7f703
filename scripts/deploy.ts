import { runMain } from '../core/run-main.ts';
import { commandEnvironment, connectionFromEnvironment, parseCommandLine } from '../deploy/command-line.ts';
import { deployTenant } from '../deploy/deploy-tenant.ts';
import { formatPlanText, summarize } from '../deploy/format-plan.ts';
import { secretValues } from '../deploy/preflight.ts';
import { openLocalTenant } from '../local/saved-tenant.ts';

// `npm run deploy -- --env <env> [--yes] [--allow-delete] [--skip-build] [--expect-plan D]`: preflight,
// build, plan (refused if its digest is not D), then the auth0-deploy-cli import only if something
// changed, then a read-back that must be clean.
runMain(async () => {
  const args = parseCommandLine(
    process.argv.slice(2),
    'npm run deploy -- --env <local|dev|staging|prod> [--yes] [--allow-delete] [--skip-build] [--expect-plan D] [--tenant-dir T --actions-dir A]',
  );
  const variables = await commandEnvironment(args.env, process.env, args.tenantDir);
  const local = args.env === 'local' ? await openLocalTenant() : undefined;
  if (local)
    console.log(
      local.target === 'running'
        ? 'local tenant: the one npm start is serving'
        : 'local tenant: the saved state in .tenant-state/ (npm start serves it next)',
    );
  try {
    const connection = local?.connection ?? connectionFromEnvironment(variables);
    const started = Date.now();
    const result = await deployTenant({
      env: args.env,
      connection,
      secretSource: variables,
      approved: args.yes,
      allowDelete: args.allowDelete,
      build: !args.skipBuild,
      ...(args.tenantDir ? { tenantDir: args.tenantDir } : {}),
      ...(args.actionsDir ? { actionsDir: args.actionsDir } : {}),
      ...(args.expectPlan !== undefined ? { expectPlan: args.expectPlan } : {}),
      log: (line) => console.log(line),
      onPlan: (plan, checked) => {
        if (plan.changes.length)
          console.log(formatPlanText(args.env, connection.domain, plan, secretValues(checked)));
      },
    });
    const { create, update, delete: removed } = summarize({ changes: result.applied });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      result.applied.length === 0
        ? `deployed ${args.env}: no changes, nothing written (${seconds} s)`
        : `deployed ${args.env}: ${create} created, ${update} changed, ${removed} deleted; read back, no drift left (${seconds} s)`,
    );
    return 0;
  } finally {
    await local?.close();
  }
});
