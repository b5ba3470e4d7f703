import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';
import { buildActions } from '../../deploy/build-actions.ts';
import { buildEvent, runBundledAction } from '../../emulator/actions/index.ts';

const FIXTURE = path.join(REPO_ROOT, 'test/fixtures/failing-actions');
let outDir: string;

describe('a failing Action', () => {
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'failing-actions-'));
    await buildActions({ actionsDir: FIXTURE, outDir });
  });

  it('names itself and the line of its TypeScript source, through the map the build keeps beside the bundle', async () => {
    const outcome = await runBundledAction(path.join(outDir, 'fails-on-purpose.js'), buildEvent());
    const source = await readFile(path.join(FIXTURE, 'fails-on-purpose.ts'), 'utf8');
    const line = source.split('\n').findIndex((text) => text.includes('(undefined as unknown')) + 1;
    expect(outcome.error).toMatchObject({
      message: "Cannot read properties of undefined (reading 'name')",
      action: 'fails-on-purpose',
      source: { file: path.relative(process.cwd(), path.join(FIXTURE, 'fails-on-purpose.ts')), line },
    });
  });

  it('keeps its source map out of what is deployed: no reference in the bundle, not in the manifest', async () => {
    expect((await readdir(outDir)).sort()).toEqual([
      'fails-on-purpose.js',
      'fails-on-purpose.js.map',
      'manifest.json',
    ]);
    const code = await readFile(path.join(outDir, 'fails-on-purpose.js'), 'utf8');
    expect(code).not.toMatch(/sourceMappingURL/);
    const manifest = JSON.parse(await readFile(path.join(outDir, 'manifest.json'), 'utf8')) as Array<{
      file: string;
    }>;
    expect(manifest.map((entry) => entry.file)).toEqual(['fails-on-purpose.js']);
  });

  it('without a map, still names itself and its line in the bundle', async () => {
    const outcome = await runBundledAction(
      { name: 'plain', code: 'exports.onExecutePostLogin = async () => {\n  missingHelper();\n};' },
      buildEvent(),
    );
    expect(outcome.error).toEqual({
      message: 'missingHelper is not defined',
      action: 'plain',
      source: { file: 'plain.js', line: 2, column: 3 },
    });
  });
});
