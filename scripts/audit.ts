import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { bundleAtRef } from '../audit/bundle-at-ref.ts';
import { parseAuditCommandLine } from '../audit/command-line.ts';
import { AuditError } from '../audit/errors.ts';
import { streamUsersExport } from '../audit/export-job.ts';
import { formatReport } from '../audit/format-report.ts';
import { createProgress } from '../audit/progress.ts';
import { runAudit } from '../audit/run-audit.ts';
import { BUNDLE_DIR, LEGACY_RULE_FILE } from '../core/paths.ts';
import { runMain } from '../core/run-main.ts';
import { connectionFromEnvironment } from '../deploy/command-line.ts';
import { loadEnvironment } from '../deploy/environment.ts';
import { DEFAULT_API_AUDIENCE } from '../emulator/actions/index.ts';
import { SAMPLE_USERS } from '../local/sample-users.ts';
import { openLocalTenant } from '../local/saved-tenant.ts';

const ACTION = 'post-login-claims';
const LEGACY_RULE = LEGACY_RULE_FILE;

// `npm run audit -- --users FILE | --env E [--json] [--against REF] [--show-values]`: what the built
// Action does to every user of an export, beside the legacy Rule (and another build).
runMain(async () => {
  const args = parseAuditCommandLine(process.argv.slice(2));
  let source: AsyncIterable<Uint8Array>;
  let bytesRead: (() => { read: number; total: number }) | undefined;
  let audience = DEFAULT_API_AUDIENCE;
  const progress = () => createProgress(process.stderr, bytesRead);
  let shown = progress();
  let local: Awaited<ReturnType<typeof openLocalTenant>> | undefined;

  if (args.users) {
    const total = await stat(args.users).then(
      (file) => file.size,
      () => {
        throw new AuditError(
          'E_AUDIT_SOURCE',
          `${args.users} does not exist; pass an Auth0 users export (NDJSON, gzipped or not)`,
        );
      },
    );
    const stream = createReadStream(args.users, { highWaterMark: 1 << 20 });
    bytesRead = () => ({ read: stream.bytesRead, total });
    shown = progress();
    source = stream;
  } else {
    const env = await loadEnvironment(args.env ?? '');
    const identifier = env.values.API_IDENTIFIER;
    if (typeof identifier === 'string' && identifier !== '') audience = identifier;
    if (env.name === 'local') {
      local = await openLocalTenant();
      // npm start seeds its sample users; a saved tenant that never ran may have none to audit.
      if (local.tenant && local.tenant.state.users.length === 0) {
        local.tenant.seedUsers(SAMPLE_USERS.map((user) => ({ ...user })));
        console.error(
          `the local tenant had no users: seeded npm start's ${SAMPLE_USERS.length} sample users`,
        );
      }
    }
    const connection = local?.connection ?? connectionFromEnvironment(process.env);
    source = await streamUsersExport({ connection, onStatus: shown.job }).catch(async (error) => {
      await local?.close();
      throw error;
    });
  }

  const against = args.against ? await bundleAtRef(args.against, ACTION) : undefined;
  try {
    const report = await runAudit({
      source,
      bundle: path.join(BUNDLE_DIR, `${ACTION}.js`),
      ...(against ? { against: { bundle: against.file, label: against.label } } : {}),
      ...(existsSync(LEGACY_RULE) ? { legacyRule: LEGACY_RULE } : {}),
      audience,
      showValues: args.showValues,
      ...(args.workers ? { workers: args.workers } : {}),
      onProgress: shown.audit,
    });
    shown.done();
    process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
    return 0;
  } finally {
    shown.done();
    await against?.cleanup();
    await local?.close();
  }
});
