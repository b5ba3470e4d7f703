import { UsageError } from '../core/errors.ts';
import { runMain } from '../core/run-main.ts';

// Each bench is imported when it runs: importing them all (the deploy bench's deploy-cli, the login
// bench's tenant) put ~100 MB into the process before the first one started, and the audit bench
// reports its peak RSS.
const BENCHES = {
  claims: async () => (await import('../bench/claims.ts')).benchClaims(),
  login: async () => (await import('../bench/login.ts')).benchLogin(),
  api: async () => (await import('../bench/api.ts')).benchApi(),
  'fake-tenant': async () => (await import('../bench/fake-tenant.ts')).benchFakeTenant(),
  isolation: async () => (await import('../bench/isolation.ts')).benchIsolation(),
  audit: async () => (await import('../bench/audit.ts')).benchAudit(),
  deploy: async () => {
    await (await import('../bench/deploy.ts')).benchDeploy();
  },
} as const;

// `npm run bench [-- name...]`: performance figures, printed; not part of `npm test`. Compare
// ratios measured in one run: these machines are noisy.
runMain(async () => {
  const asked = process.argv.slice(2);
  const names = asked.length > 0 ? asked : Object.keys(BENCHES);
  for (const name of names) {
    const bench = BENCHES[name as keyof typeof BENCHES];
    if (!bench) throw new UsageError(`unknown bench ${name}; choose from ${Object.keys(BENCHES).join(', ')}`);
    console.log(`\n== ${name}`);
    await bench();
  }
  return 0;
});
