import { connectionFromEnvironment, parseCommandLine } from '../deploy/command-line.ts';
import { planTenant } from '../deploy/deploy-tenant.ts';
import { formatPlanJson, formatPlanText, planDigest } from '../deploy/format-plan.ts';
import { secretValues } from '../deploy/preflight.ts';
import { openLocalTenant } from '../local/saved-tenant.ts';
import { runMain } from './lib/run-main.ts';

// `npm run plan -- --env <env> [--json]`: what a deploy would change. Exit 0 = nothing, 2 = changes
// (also how a scheduled run reports drift), 1 = error.
runMain(async () => {
  const args = parseCommandLine(
    process.argv.slice(2),
    'npm run plan -- --env <local|dev|staging|prod> [--json] [--tenant-dir T]',
  );
  const local = args.env === 'local' ? await openLocalTenant() : undefined;
  try {
    const connection = local?.connection ?? connectionFromEnvironment(process.env);
    const { plan, preflight } = await planTenant({
      env: args.env,
      connection,
      ...(args.tenantDir ? { tenantDir: args.tenantDir } : {}),
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
