import { connectionFromEnvironment, parseCommandLine } from './deploy/command-line.ts';
import { planTenant } from './deploy/deploy-tenant.ts';
import { formatPlanJson, formatPlanText } from './deploy/format-plan.ts';
import { openLocalTenant } from './deploy/local-tenant.ts';
import { secretValues } from './deploy/preflight.ts';
import { runMain } from './lib/run-main.ts';

// `npm run plan -- --env <env> [--json]`: what a deploy would change. Exit 0 = nothing, 2 = changes
// (also how a scheduled run reports drift), 1 = error.
runMain(async () => {
  const args = parseCommandLine(
    process.argv.slice(2),
    'npm run plan -- --env <local|dev|staging|prod> [--json]',
  );
  const local = args.env === 'local' ? await openLocalTenant() : undefined;
  try {
    const connection = local?.connection ?? connectionFromEnvironment(process.env);
    const { plan, preflight } = await planTenant({ env: args.env, connection });
    const format = args.json ? formatPlanJson : formatPlanText;
    console.log(format(args.env, connection.domain, plan, secretValues(preflight)));
    return plan.changes.length === 0 ? 0 : 2;
  } finally {
    await local?.close();
  }
});
