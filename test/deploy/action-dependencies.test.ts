import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_ACTION_DEPENDENCIES, parseActionDependencies } from '../../deploy/action-dependencies.ts';
import { buildActions } from '../../deploy/build-actions.ts';
import { staleBundleReason } from '../../deploy/bundle-freshness.ts';
import type { DesiredAction } from '../../deploy/desired-state.ts';
import { planActions } from '../../deploy/plan-actions.ts';

// tenant.yaml's `dependencies` for an Action: left out of its bundle (Auth0 installs them), pinned by
// the lockfile beside the Actions, and held to Auth0's limits.

const AXIOS = { name: 'axios', version: '1.7.9' };

/**
 * A throwaway tenant folder: tenant.yaml declaring `dependencies` for Action `vendor`, its source,
 * and a workspace whose package.json and lockfile pin `pinned` under their aliases.
 */
const tenantWith = async (source: string, dependencies: unknown, pinned = [AXIOS]) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'action-deps-'));
  await mkdir(path.join(dir, 'actions'));
  await writeFile(path.join(dir, 'actions', 'vendor.js'), source);
  await writeFile(
    path.join(dir, 'tenant.yaml'),
    `actions:\n  - name: vendor\n    code: ./dist/vendor.js\n    dependencies: ${JSON.stringify(dependencies)}\n    supported_triggers: [{ id: post-login, version: v3 }]\n`,
  );
  const aliases = Object.fromEntries(
    pinned.map((d) => [`${d.name}-${d.version}`, `npm:${d.name}@${d.version}`]),
  );
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'deps', devDependencies: aliases }));
  const packages = Object.fromEntries(
    pinned.map((d) => [
      `node_modules/${d.name}-${d.version}`,
      { name: d.name, version: d.version, dev: true },
    ]),
  );
  await writeFile(path.join(dir, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages }));
  return { dir, actionsDir: path.join(dir, 'actions'), outDir: path.join(dir, 'dist') };
};

const AXIOS_ACTION = `const axios = require('axios');
const { createHash } = require('node:crypto');
exports.onExecutePostLogin = async (event, api) => {
  const { data } = await axios.get('https://crm.test/' + createHash('sha256').update(event.user.email).digest('hex'));
  api.idToken.setCustomClaim('https://c.test/tier', data.tier);
};
`;

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the build to fail');
    },
    (error: Error) => error.message,
  );

describe('declared dependencies in the build', () => {
  it('Auth0 does not count declared npm modules in the 100 kB of Action code: the bundle leaves them to require and records them', async () => {
    const tenant = await tenantWith(AXIOS_ACTION, [AXIOS]);
    const [built] = await buildActions(tenant);
    const code = await readFile(built?.file ?? '', 'utf8');
    expect(code).toMatch(/require\("axios"\)/);
    expect(code).toMatch(/require\("node:crypto"\)/);
    // axios bundled in would be over 100 kB; left to Auth0's install, the Action is a few hundred bytes.
    expect(built?.bytes).toBeLessThan(1_000);
    const [entry] = JSON.parse(await readFile(path.join(tenant.outDir, 'manifest.json'), 'utf8'));
    expect(entry).toMatchObject({ dependencies: [AXIOS], dependenciesFrom: '..' });
    expect(await staleBundleReason(tenant.outDir, tenant.actionsDir)).toBeUndefined();

    // Another version declared in tenant.yaml makes the bundle stale: plan and deploy rebuild it.
    const yaml = path.join(tenant.dir, 'tenant.yaml');
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace('1.7.9', '0.27.2'));
    expect(await staleBundleReason(tenant.outDir, tenant.actionsDir)).toBe(
      'the dependencies tenant.yaml declares for vendor changed',
    );
  });

  it('refuses a module neither declared nor built in, naming the file and line, the Action and the line to add', async () => {
    const tenant = await tenantWith(`// a vendor call\n\nconst _ = require('lodash');\n${AXIOS_ACTION}`, [
      AXIOS,
    ]);
    const message = await failure(buildActions(tenant));
    expect(message).toMatch(
      /^E_UNDECLARED_MODULE: .*actions\/vendor\.js:3: 'lodash' is neither a Node built-in nor a dependency of Action vendor: add "- \{ name: lodash, version: .+ \}" under its dependencies in .*tenant\.yaml/,
    );
  });

  it('refuses a declared version the lockfile does not pin, with the command that pins it', async () => {
    const tenant = await tenantWith(AXIOS_ACTION, [{ name: 'axios', version: '1.8.0' }]);
    const message = await failure(buildActions(tenant));
    expect(message).toContain('E_DEPENDENCY_NOT_INSTALLED: action vendor declares axios 1.8.0');
    expect(message).toMatch(
      /run: npm install --workspace \S+ --save-dev --save-exact axios-1\.8\.0@npm:axios@1\.8\.0$/,
    );
  });

  it('Auth0 allows at most 10 npm modules per Action; preflight also wants exact versions, npm names, no name twice', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `module-${i}`, version: '1.0.0' }));
    expect(() => parseActionDependencies('vendor', eleven)).toThrow(
      `E_ACTION_DEPENDENCY: action vendor: declares 11 npm modules; Auth0 allows at most ${MAX_ACTION_DEPENDENCIES} per Action (https://auth0.com/docs/customize/actions/limitations)`,
    );
    for (const version of ['^1.7.9', 'latest', '', '1.7']) {
      expect(() => parseActionDependencies('vendor', [{ name: 'axios', version }])).toThrow(
        /E_ACTION_DEPENDENCY: action vendor: axios needs an exact version such as 1\.2\.3/,
      );
    }
    expect(() => parseActionDependencies('vendor', [{ name: 'Axios', version: '1.0.0' }])).toThrow(
      /"Axios" is not an npm package name/,
    );
    expect(() => parseActionDependencies('vendor', [AXIOS, { ...AXIOS, version: '0.27.2' }])).toThrow(
      /axios is declared twice/,
    );
    expect(() => parseActionDependencies('vendor', [{ ...AXIOS, registry_url: 'https://npm.corp' }])).toThrow(
      /takes only name and version, not registry_url/,
    );
    expect(parseActionDependencies('vendor', [{ name: '@slack/web-api', version: '7.8.0-rc.1' }])).toEqual([
      { name: '@slack/web-api', version: '7.8.0-rc.1' },
    ]);
  });

  it('the build points at the tenant.yaml line of a bad declaration', async () => {
    const tenant = await tenantWith(AXIOS_ACTION, [{ name: 'axios', version: '^1.7.9' }]);
    expect(await failure(buildActions(tenant))).toMatch(
      /^E_ACTION_DEPENDENCY: .*tenant\.yaml:4:\d+ action vendor: axios needs/,
    );
  });
});

describe('declared dependencies in the plan', () => {
  const desired = (dependencies: DesiredAction['dependencies']): DesiredAction => ({
    name: 'vendor',
    code: 'exports.onExecutePostLogin = async () => {};',
    codeFile: './dist/vendor.js',
    runtime: 'node22',
    deployed: true,
    dependencies,
    supported_triggers: [{ id: 'post-login', version: 'v3' }],
    secrets: [],
    secretDigests: {},
  });
  const holding = (dependencies: DesiredAction['dependencies']) => ({
    id: 'act-1',
    name: 'vendor',
    code: 'exports.onExecutePostLogin = async () => {};',
    runtime: 'node22',
    dependencies: [...dependencies],
    supported_triggers: [{ id: 'post-login' as const, version: 'v3' }],
    all_changes_deployed: true,
  });
  const DEBUG = { name: 'debug', version: '4.4.3' };

  it('sees the same modules in another order as no change', () => {
    expect(planActions([desired([AXIOS, DEBUG])], [holding([DEBUG, AXIOS])]).changes).toEqual([]);
  });

  it('shows a version change and a removed module as a change of dependencies', () => {
    const [change] = planActions(
      [desired([{ ...AXIOS, version: '1.8.0' }])],
      [holding([AXIOS, DEBUG])],
    ).changes;
    expect(change).toMatchObject({
      kind: 'update',
      fields: [{ field: 'dependencies', before: [AXIOS, DEBUG], after: [{ ...AXIOS, version: '1.8.0' }] }],
    });
  });
});
