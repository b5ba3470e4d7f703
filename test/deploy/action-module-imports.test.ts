import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildActions } from '../../deploy/build-actions.ts';

// An Action's `require('actions:NAME')` in the build: left for Auth0 to load when tenant.yaml lists
// the module for that Action, refused otherwise with the line to add.

const tenantUsing = async (modules: string) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'action-modules-'));
  await mkdir(path.join(dir, 'actions'));
  await writeFile(
    path.join(dir, 'actions', 'audited.js'),
    `const logger = require('actions:logger');\nexports.onExecutePostLogin = async (event) => {\n  await logger.sendLog('login', event.user.user_id);\n};\n`,
  );
  await writeFile(
    path.join(dir, 'tenant.yaml'),
    `actions:\n  - name: audited\n    code: ./dist/audited.js\n    supported_triggers: [{ id: post-login, version: v3 }]\n${modules}`,
  );
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'modules', devDependencies: {} }));
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

    const notUsing = await tenantUsing('');
    await expect(buildActions(notUsing)).rejects.toThrow(
      /^E_UNDECLARED_MODULE: .*actions\/audited\.js:1: 'actions:logger' is an Action Module that Action audited does not use: add "- \{ module_name: logger, module_version_number: <published version> \}" under its modules in .*tenant\.yaml/,
    );
  });
});
