import { installAjvCacheShim } from './deploy/ajv-cache-shim.ts';
import { connectionFromEnvironment, parseCommandLine } from './deploy/command-line.ts';
import { deployTenant } from './deploy/deploy-tenant.ts';
import { formatPlanText, summarize } from './deploy/format-plan.ts';
import { openLocalTenant } from './deploy/local-tenant.ts';
import { secretValues } from './deploy/preflight.ts';
import { runMain } from './lib/run-main.ts';

// `npm run deploy -- --env <env> [--yes] [--allow-delete] [--skip-build]`: preflight, build, plan,
// then the auth0-deploy-cli import only if something changed, then a read-back that must be clean.
runMain(async () => {
  const args = parseCommandLine(
    process.argv.slice(2),
    'npm run deploy -- --env <local|dev|staging|prod> [--yes] [--allow-delete] [--skip-build]',
  );
  installAjvCacheShim();
  const local = args.env === 'local' ? await openLocalTenant() : undefined;
  try {
    const connection = local?.connection ?? connectionFromEnvironment(process.env);
    const started = Date.now();
    const result = await deployTenant({
      env: args.env,
      connection,
      approved: args.yes,
      allowDelete: args.allowDelete,
      build: !args.skipBuild,
      log: (line) => console.log(line),
    });
    const { create, update, delete: removed } = summarize({ changes: result.applied });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (result.applied.length === 0) {
      console.log(`deployed ${args.env}: no changes, nothing written (${seconds} s)`);
    } else {
      console.log(
        formatPlanText(
          args.env,
          connection.domain,
          { changes: result.applied },
          secretValues(result.preflight),
        ),
      );
      console.log(
        `deployed ${args.env}: ${create} created, ${update} changed, ${removed} deleted; tenant verified (${seconds} s)`,
      );
    }
    return 0;
  } finally {
    await local?.close();
  }
});
