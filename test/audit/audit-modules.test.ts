import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAudit } from '../../audit/run-audit.ts';
import { DEFAULT_API_AUDIENCE } from '../../emulator/actions/index.ts';
import { CLAIMS_APP, fixtureTenant } from '../fixtures/fixture-tenants.ts';

// The audit runs an Action that requires an Action Module (`actions:tracer`) with the module
// tenant.yaml declares: its code file, and its npm dependency (debug 4.4.3, installed in the
// compat-actions fixture, where the bundle's manifest says its modules are installed).

const COMPAT = fixtureTenant('compat-actions');
const CONTRACT = { file: path.join(CLAIMS_APP.dir, 'contract.ts'), exportName: 'fixtureContract' };

const ACTION = `const tracer = require('actions:tracer');
exports.onExecutePostLogin = async (event) => {
  const seen = tracer.trace(event.user.user_id);
  if (seen !== 'login:' + event.user.user_id) throw new Error('tracer answered ' + seen);
  if (tracer.secretNames().length !== 0) throw new Error('the module saw secrets ' + tracer.secretNames());
};
`;
const MODULE = `const debug = require('debug');
module.exports = {
  trace: (id) => debug('login:' + id).namespace,
  secretNames: () => Object.keys(actions.secrets),
};
`;

const tenantWith = async (actionModules: string) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'audit-modules-'));
  await mkdir(path.join(dir, 'dist'));
  await mkdir(path.join(dir, 'action-modules', 'tracer'), { recursive: true });
  await writeFile(path.join(dir, 'dist', 'audited.js'), ACTION);
  await writeFile(
    path.join(dir, 'dist', 'manifest.json'),
    JSON.stringify([{ name: 'audited', file: 'audited.js', dependencies: [], dependenciesFrom: COMPAT.dir }]),
  );
  await writeFile(path.join(dir, 'action-modules', 'tracer', 'code.js'), MODULE);
  await writeFile(
    path.join(dir, 'tenant.yaml'),
    `actions:
  - name: audited
    code: ./dist/audited.js
    supported_triggers: [{ id: post-login, version: v3 }]
    modules:
      - { module_name: tracer, module_version_number: 1 }
${actionModules}`,
  );
  return path.join(dir, 'dist', 'audited.js');
};

const audit = (bundle: string) =>
  runAudit({
    source: Readable.from([
      Buffer.from(
        Array.from({ length: 10 }, (_, index) =>
          JSON.stringify({ user_id: `auth0|mod-${index}`, user_metadata: {}, app_metadata: {} }),
        ).join('\n'),
      ),
    ]),
    bundle,
    contract: CONTRACT,
    audience: DEFAULT_API_AUDIENCE,
    workers: 1,
  });

describe('the audit of an Action that uses Action Modules', () => {
  it("runs every login with the module's code and npm dependencies from tenant.yaml, and no secrets", async () => {
    const bundle = await tenantWith(`actionModules:
  - name: tracer
    code: ./action-modules/tracer/code.js
    dependencies: [{ name: debug, version: 4.4.3 }]
    secrets: [{ name: TRACE_KEY, value: "##TRACE_KEY##" }]
`);
    const report = await audit(bundle);
    expect(report.failures.messages).toEqual({});
    expect(report.failures.failed.count).toBe(0);
    expect(report.users).toBe(10);
  });

  it('refuses to start, naming what to add, when tenant.yaml does not declare a module the Action uses', async () => {
    const bundle = await tenantWith('');
    await expect(audit(bundle)).rejects.toThrow(
      /^E_AUDIT_SOURCE: Action audited uses the Action Module tracer, but .*tenant\.yaml has no actionModules entry named tracer/,
    );
  });
});
