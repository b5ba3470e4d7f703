import { runMain } from '../core/run-main.ts';
import { adoptTenant, parseAdoptCommandLine } from '../deploy/adopt/index.ts';
import { commandEnvironment, connectionFromEnvironment } from '../deploy/command-line.ts';
import { openLocalTenant } from '../local/saved-tenant.ts';

// `npm run import -- --env <env> [--only TYPE[:NAME],...] [--replace]`: adopts resources of an
// existing tenant into tenant/tenant.yaml (reads only; the tenant is not changed). Then
// `npm run plan -- --env <env>` shows nothing to change.
runMain(async () => {
  const args = parseAdoptCommandLine(process.argv.slice(2));
  const variables = await commandEnvironment(args.env, process.env, args.tenantDir);
  const local = args.env === 'local' ? await openLocalTenant() : undefined;
  try {
    const connection = local?.connection ?? connectionFromEnvironment(variables);
    const started = Date.now();
    const result = await adoptTenant({
      env: args.env,
      connection,
      replace: args.replace,
      ...(args.only ? { only: args.only } : {}),
      ...(args.tenantDir ? { tenantDir: args.tenantDir } : {}),
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (!result.adopted.length) {
      console.log(`import ${args.env}: nothing selected to adopt (${seconds} s)`);
      return 0;
    }
    for (const { type, name } of result.adopted) console.log(`adopted ${type} ${name}`);
    if (result.boundActions.length)
      console.log(`(Actions ${result.boundActions.join(', ')} came with the triggers that bind them)`);
    if (result.unavailable.length)
      console.log(`left out (not on the tenant's plan): ${result.unavailable.join(', ')}`);
    for (const file of result.written) console.log(`wrote ${file}`);
    if (result.values.length) console.log(`per-environment values: ${result.values.join(', ')}`);
    for (const [file, keys] of Object.entries(result.missingElsewhere))
      console.log(
        `${file} lacks ${keys.join(', ')}: add their values there before planning that environment`,
      );
    if (result.secrets.length)
      console.log(
        `secrets (never written): export ${result.secrets.join(', ')} with their values before npm run plan -- --env ${args.env}`,
      );
    console.log(`import ${args.env}: ${result.adopted.length} resource(s) adopted (${seconds} s)`);
    return 0;
  } finally {
    await local?.close();
  }
});
