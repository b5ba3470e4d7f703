import { runMain } from '../core/run-main.ts';
import { commandEnvironment, connectionFromEnvironment, parseCommandLine } from '../deploy/command-line.ts';
import { planTenant } from '../deploy/deploy-tenant.ts';
import { formatPlanJson, formatPlanText, planDigest } from '../deploy/format-plan.ts';
import { secretValues } from '../deploy/preflight.ts';
import { openLocalTenant } from '../local/saved-tenant.ts';

// `npm run plan -- --env <env> [--json] [--skip-build]`: what a deploy would change (building the
// bundles first when they are missing or stale). Exit 0 = nothing, 2 = changes
// (also how a scheduled run reports drift), 1 = error.
runMain(async () => {
  const args = parseCommandLine(
    process.argv.slice(2),
    'npm run plan -- --env <local|dev|staging|prod> [--json] [--skip-build] [--tenant-dir T --actions-dir A]',
  );
  const variables = await commandEnvironment(args.env, process.env, args.tenantDir);
  const local = args.env === 'local' ? await openLocalTenant() : undefined;
  if (local)
    console.error(
      local.target === 'running'
        ? 'local tenant: the one npm start is serving'
        : 'local tenant: the saved state in .tenant-state/ (npm start serves it next)',
    );
  try {
    const connection = local?.connection ?? connectionFromEnvironment(variables);
    // Build progress goes to stderr: with --json, stdout is the plan document alone.
    const { plan, preflight } = await planTenant({
      env: args.env,
      connection,
      secretSource: variables,
      build: !args.skipBuild,
      log: (line) => console.error(line),
      ...(args.tenantDir ? { tenantDir: args.tenantDir } : {}),
      ...(args.actionsDir ? { actionsDir: args.actionsDir } : {}),
    });
    const secrets = secretValues(preflight);
    const digest = planDigest(args.env, connection.domain, plan, secrets);
    // The digest goes on its own last line (stderr with --json, so stdout stays one JSON document):
    // `deploy --expect-plan <digest>` applies this plan and no other.
    if (args.json) {
      console.log(formatPlanJson(args.env, connection.domain, plan, secrets));
      console.error(`plan digest: ${digest}`);
    } else
      console.log(`${formatPlanText(args.env, connection.domain, plan, secrets)}\nplan digest: ${digest}`);
    return plan.changes.length === 0 ? 0 : 2;
  } finally {
    await local?.close();
  }
});
