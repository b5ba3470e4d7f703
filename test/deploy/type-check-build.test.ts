import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildActions } from '../../deploy/build-actions.ts';
import { staleBundleReason } from '../../deploy/bundle-freshness.ts';
import type { DeployError } from '../../deploy/errors.ts';

// Actions written for the test in a temporary folder (an ES module package, as the repository is), so
// a deliberate type error never reaches `npm run typecheck`.
const actionsFolder = async (files: Record<string, string>) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'typed-actions-'));
  await writeFile(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, 'actions', file)), { recursive: true });
    await writeFile(path.join(dir, 'actions', file), text);
  }
  return { actionsDir: path.join(dir, 'actions'), outDir: path.join(dir, 'dist') };
};

const ENTRY = `import { greeting } from './lib/greeting.ts';
export const onExecutePostLogin = async (event: { user: { email?: string } }) => {
  console.log(greeting(event.user.email ?? 'nobody'));
};
`;

describe('build type-checks the Actions', () => {
  it('refuses to bundle when a file an Action imports has a type error, naming file:line:col', async () => {
    const folder = await actionsFolder({
      'welcome.ts': ENTRY,
      'lib/greeting.ts': 'export const greeting = (name: string): number => "hello " + name;\n',
    });
    const error = (await buildActions(folder).catch((caught: unknown) => caught)) as DeployError;
    expect(error.code).toBe('E_TYPECHECK');
    expect(error.message).toMatch(
      /lib\/greeting\.ts:1:51 TS2322 Type 'string' is not assignable to type 'number'; fix the type error, nothing was bundled/,
    );
    await expect(readFile(path.join(folder.outDir, 'manifest.json'))).rejects.toThrow(/ENOENT/);
  });

  it('bundles well-typed Actions, sees a changed source as stale, and checks it again on the next build', async () => {
    const folder = await actionsFolder({
      'welcome.ts': ENTRY,
      'lib/greeting.ts': 'export const greeting = (name: string): string => "hello " + name;\n',
    });
    expect(await staleBundleReason(folder.outDir, folder.actionsDir)).toBe('no bundles built yet');
    const [built] = await buildActions(folder);
    expect(built?.name).toBe('welcome');
    expect(await staleBundleReason(folder.outDir, folder.actionsDir)).toBeUndefined();
    await writeFile(
      path.join(folder.actionsDir, 'lib', 'greeting.ts'),
      'export const greeting = (name: string): string => "hi " + name;\n',
    );
    expect(await staleBundleReason(folder.outDir, folder.actionsDir)).toMatch(
      /lib\/greeting\.ts changed since the last build/,
    );
    // Built again in the same process, the changed file is checked again: a type error there is
    // refused, though the same files passed a moment ago.
    await writeFile(
      path.join(folder.actionsDir, 'lib', 'greeting.ts'),
      'export const greeting = (name: string): number => "hi " + name;\n',
    );
    const error = (await buildActions(folder).catch((caught: unknown) => caught)) as DeployError;
    expect(error.code).toBe('E_TYPECHECK');
    expect(error.message).toMatch(/lib\/greeting\.ts:1:51 TS2322/);
  });
});
