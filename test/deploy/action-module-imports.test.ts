import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildActions } from '../../deploy/build-actions.ts';
import { ensureBundlesBuilt, staleBundleReason } from '../../deploy/bundle-freshness.ts';
import type { DeployError } from '../../deploy/errors.ts';
import { buildEvent, loadBundledAction } from '../../emulator/actions/index.ts';

// An Action's `require('actions:NAME')` in the build: left for Auth0 to load when tenant.yaml lists
// the module for that Action, refused otherwise with the line to add.

const REQUIRING = `const logger = require('actions:logger');\nexports.onExecutePostLogin = async (event) => {\n  await logger.sendLog('login', event.user.user_id);\n};\n`;

const tenantUsing = async (
  modules: string,
  files: Record<string, string> = { 'audited.js': REQUIRING },
  type: 'commonjs' | 'module' = 'commonjs',
) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'action-modules-'));
  await mkdir(path.join(dir, 'actions'));
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(dir, 'actions', file), text);
  await writeFile(
    path.join(dir, 'tenant.yaml'),
    `actions:\n  - name: audited\n    code: ./dist/audited.js\n    supported_triggers: [{ id: post-login, version: v3 }]\n${modules}`,
  );
  await writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'modules', type, devDependencies: {} }),
  );
  await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: {} }));
  return { actionsDir: path.join(dir, 'actions'), outDir: path.join(dir, 'dist') };
};

describe('Action Modules in the build', () => {
  it('leaves actions:NAME to Auth0 for an Action that uses the module, and refuses it, naming the line to add, for one that does not', async () => {
    const using = await tenantUsing(
      '    modules:\n      - { module_name: logger, module_version_number: 1 }\n',
    );
    const [built] = await buildActions(using);
    expect(await readFile(built?.file ?? '', 'utf8')).toMatch(/require\("actions:logger"\)/);

    // Dropping the module from the Action's tenant.yaml entry makes the bundle stale, and the rebuild
    // plan and deploy then run refuses the require it can no longer leave to Auth0.
    expect(await staleBundleReason(using.outDir, using.actionsDir)).toBeUndefined();
    const tenantFile = path.join(path.dirname(using.outDir), 'tenant.yaml');
    const listed = await readFile(tenantFile, 'utf8');
    await writeFile(tenantFile, listed.replace(/ {4}modules:\n.*\n/, ''));
    expect(await staleBundleReason(using.outDir, using.actionsDir)).toBe(
      'the Action Modules tenant.yaml lists for audited changed',
    );
    await expect(ensureBundlesBuilt(using)).rejects.toThrow(/^E_UNDECLARED_MODULE: .*'actions:logger'/);
    await writeFile(tenantFile, listed);
    expect(await staleBundleReason(using.outDir, using.actionsDir)).toBeUndefined();

    const notUsing = await tenantUsing('');
    await expect(buildActions(notUsing)).rejects.toThrow(
      /^E_UNDECLARED_MODULE: .*actions\/audited\.js:1: 'actions:logger' is an Action Module that Action audited does not use: add "- \{ module_name: logger, module_version_number: <published version> \}" under its modules in .*tenant\.yaml/,
    );
  });
});

// A TypeScript Action imports a module it uses; the module's exports are typed as unknown values until
// a declaration beside the Action gives them their exact type.
const IMPORTING = (use: string) => `import logger from 'actions:logger';
export const onExecutePostLogin = async (
  event: { user: { user_id: string } },
  api: { idToken: { setCustomClaim(name: string, value: unknown): void } },
) => {
  ${use}
};
`;
const NARROWED = IMPORTING(
  "if (typeof logger.tag === 'function') api.idToken.setCustomClaim('https://m.test/tag', logger.tag(event.user.user_id));",
);
const CALLED = IMPORTING("api.idToken.setCustomClaim('https://m.test/tag', logger.tag(event.user.user_id));");
const LOGGER_TYPE = `declare module 'actions:logger' {
  const logger: { tag(userId: string): string };
  export default logger;
}
`;
const USES_LOGGER = '    modules:\n      - { module_name: logger, module_version_number: 1 }\n';

describe('Action Modules in a TypeScript Action', () => {
  it('type-checks an import of actions:NAME, builds it, and the bundle runs with the module', async () => {
    const folder = await tenantUsing(USES_LOGGER, { 'audited.ts': NARROWED }, 'module');
    const [built] = await buildActions(folder);
    const code = await readFile(built?.file ?? '', 'utf8');
    expect(code).toMatch(/require\("actions:logger"\)/);
    const action = await loadBundledAction(
      { name: 'audited', code },
      { modules: [{ name: 'logger', code: "module.exports = { tag: (id) => 'seen ' + id };" }] },
    );
    const outcome = await action.run(buildEvent({ user: { user_id: 'auth0|7' } }));
    expect(outcome.error).toBeUndefined();
    expect(outcome.idToken?.payload['https://m.test/tag']).toBe('seen auth0|7');
  });

  it("types a module's exports as unknown, so a call is refused until a declaration beside the Action types it", async () => {
    const untyped = await tenantUsing(USES_LOGGER, { 'audited.ts': CALLED }, 'module');
    const error = (await buildActions(untyped).catch((caught: unknown) => caught)) as DeployError;
    expect(error.code).toBe('E_TYPECHECK');
    expect(error.message).toMatch(/audited\.ts:\d+:\d+ TS\d+ .*logger\.tag/);

    const typed = await tenantUsing(
      USES_LOGGER,
      { 'audited.ts': CALLED, 'logger-module.d.ts': LOGGER_TYPE },
      'module',
    );
    const [built] = await buildActions(typed);
    expect(built?.name).toBe('audited');
  });
});
