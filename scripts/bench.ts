import { benchApi } from '../bench/api.ts';
import { benchAudit } from '../bench/audit.ts';
import { benchClaims } from '../bench/claims.ts';
import { benchDeploy } from '../bench/deploy.ts';
import { benchFakeTenant } from '../bench/fake-tenant.ts';
import { benchIsolation } from '../bench/isolation.ts';
import { benchLogin } from '../bench/login.ts';
import { UsageError } from '../core/errors.ts';
import { runMain } from './lib/run-main.ts';

const BENCHES = {
  claims: benchClaims,
  login: () => benchLogin(),
  api: () => benchApi(),
  'fake-tenant': benchFakeTenant,
  isolation: benchIsolation,
  audit: benchAudit,
  deploy: async () => {
    await benchDeploy();
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
