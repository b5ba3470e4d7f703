import vm from 'node:vm';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../core/paths.ts';

// The SPA helpers ship to browsers: bundled for the browser, they must run where Node's globals
// (Buffer, process, require) do not exist.
describe('app/ in a browser', () => {
  it('bundles for the browser and reads claims with no Node globals around', async () => {
    const result = await build({
      entryPoints: ['app/index.ts'],
      absWorkingDir: REPO_ROOT,
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      globalName: 'preferencesApp',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const context = vm.createContext({ TextEncoder, URL, console });
    vm.runInContext(code, context);
    const read = vm.runInContext(
      `preferencesApp.readPreferences({ 'https://claims.identity-as-code.dev/user_metadata': { preferences: { language: 'fr-CA', colour: 'red' } } })`,
      context,
    );
    expect(JSON.parse(JSON.stringify(read))).toEqual({ preferences: { language: 'fr-CA' } });
  });
});
