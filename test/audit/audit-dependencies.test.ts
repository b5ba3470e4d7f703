import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../audit/run-audit.ts';
import { DEFAULT_API_AUDIENCE } from '../../emulator/actions/index.ts';
import { CLAIMS_APP, fixtureTenant } from '../fixtures/fixture-tenants.ts';

// The audit's workers load a bundle that requires a declared npm module (debug 4.4.3, compat-actions
// fixture) at that version, as the emulator and the local tenant do: every login runs, none fails.

const COMPAT = fixtureTenant('compat-actions');
const CONTRACT = { file: path.join(CLAIMS_APP.dir, 'contract.ts'), exportName: 'fixtureContract' };

describe('the audit of an Action with declared dependencies', () => {
  it('runs every user through the bundle with its module, in worker threads', async () => {
    const users = Array.from({ length: 20 }, (_, index) =>
      JSON.stringify({ user_id: `auth0|dep-${index}`, user_metadata: {}, app_metadata: {} }),
    );
    const report = await runAudit({
      source: Readable.from([Buffer.from(users.join('\n'))]),
      bundle: path.join(COMPAT.distDir, 'login-trace-debug.js'),
      contract: CONTRACT,
      audience: DEFAULT_API_AUDIENCE,
      workers: 1,
    });
    expect(report.users).toBe(20);
    expect(report.failures.messages).toEqual({});
    expect(report.failures.failed.count).toBe(0);
  });
});
