import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';

// The emulator and the plan reader take their Management API types from the auth0 SDK but must never
// run its code: a fake held up by the client it fakes for proves nothing, and the reader retries what
// the SDK gives up on (deploy/management-api.ts). dependency-cruiser cannot tell a type-only import
// apart here (it parses with swc: its TypeScript parser does not support TS 7), so this test reads
// the imports itself.

const GUARDED = ['emulator', 'deploy'];
/** `import … from 'auth0'`, `export … from 'auth0'` and `import('auth0')`, one per match. */
const SDK_IMPORT =
  /\b(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+['"]auth0['"]|\bimport\(\s*['"]auth0['"]\s*\)/g;

const runtimeSdkImports = (source: string): string[] =>
  [...source.matchAll(SDK_IMPORT)].filter((match) => !match[1]).map((match) => match[0]);

const sourcesUnder = async (folder: string): Promise<string[]> => {
  const entries = await readdir(path.join(REPO_ROOT, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)));
};

describe('the auth0 SDK in the emulator and the plan reader', () => {
  it('is imported for its types only', async () => {
    const files = (await Promise.all(GUARDED.map(sourcesUnder))).flat();
    const found: Record<string, string[]> = {};
    let typeImports = 0;
    for (const file of files) {
      const source = await readFile(path.join(REPO_ROOT, file), 'utf8');
      typeImports += [...source.matchAll(SDK_IMPORT)].length;
      const runtime = runtimeSdkImports(source);
      if (runtime.length) found[file] = runtime;
    }
    expect(found).toEqual({});
    expect(typeImports).toBeGreaterThan(5);
  });

  it('tells a type-only import from one that would load the SDK', () => {
    expect(runtimeSdkImports("import type { Management } from 'auth0';")).toEqual([]);
    expect(runtimeSdkImports("import { ManagementClient } from 'auth0';")).toHaveLength(1);
    expect(
      runtimeSdkImports("import {\n  type Management,\n  ManagementClient,\n} from 'auth0';"),
    ).toHaveLength(1);
    expect(runtimeSdkImports("export { ManagementClient } from 'auth0';")).toHaveLength(1);
    expect(runtimeSdkImports("const sdk = await import('auth0');")).toHaveLength(1);
    expect(runtimeSdkImports("import { x } from 'auth0-deploy-cli';")).toEqual([]);
  });
});
