import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';

// The layer rules are only worth something if they refuse: run `npm run lint`'s dependency-cruiser
// with the repository's own config over a small tree that breaks each rule once.
const CRUISER = path.join(REPO_ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const CONFIG = path.join(REPO_ROOT, '.dependency-cruiser.cjs');

let tree: string;
const write = async (file: string, text: string) => {
  await mkdir(path.dirname(path.join(tree, file)), { recursive: true });
  await writeFile(path.join(tree, file), text);
};
const cruise = async (...folders: string[]): Promise<{ ok: boolean; output: string }> =>
  promisify(execFile)(process.execPath, [CRUISER, '--config', CONFIG, ...folders], { cwd: tree }).then(
    ({ stdout }) => ({ ok: true, output: stdout }),
    (failure: { stdout: string }) => ({ ok: false, output: failure.stdout }),
  );

beforeAll(async () => {
  tree = await mkdtemp(path.join(tmpdir(), 'layers-'));
  await write('tsconfig.json', JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true } }));
  await write('scripts/run-main.ts', 'export const runMain = 1;\n');
  await write(
    'emulator/uses-scripts.ts',
    "import { runMain } from '../scripts/run-main.ts';\nexport const x = runMain;\n",
  );
  await write('claims/a.ts', "import { b } from './b.ts';\nexport const a = () => b;\n");
  await write('claims/b.ts', "import { a } from './a.ts';\nexport const b = () => a;\n");
  await write('core/fine.ts', 'export const fine = 1;\n');
  await write('deploy/uses-core.ts', "import { fine } from '../core/fine.ts';\nexport const y = fine;\n");
}, 30_000);
afterAll(() => rm(tree, { recursive: true, force: true }));

describe('npm run lint holds the layers', () => {
  it('refuses an emulator/ import of scripts/', async () => {
    const { ok, output } = await cruise('emulator', 'scripts');
    expect(ok).toBe(false);
    expect(output).toMatch(/layer-emulator: emulator\/uses-scripts\.ts → scripts\/run-main\.ts/);
  });

  it('refuses an import cycle', async () => {
    const { ok, output } = await cruise('claims');
    expect(ok).toBe(false);
    expect(output).toMatch(/no-cycles: claims\/a\.ts/);
  });

  it('accepts an import down the layers', async () => {
    const { ok } = await cruise('deploy', 'core');
    expect(ok).toBe(true);
  });
});
