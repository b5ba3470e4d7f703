import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ToolkitError } from '../../core/errors.ts';

const SPA_DIR = path.dirname(fileURLToPath(import.meta.url));

/** Where `npm run build` puts the app; `npm start` serves it from there. Git-ignored. */
export const SPA_DIST_DIR = path.join(SPA_DIR, 'dist');

/**
 * Gzipped bytes the app's script may weigh: 80 kB. Measured 71.8 kB with spa-js 2.28, which is
 * 63.3 kB of it on its own (one module, nothing for esbuild to shake off); our helpers, the contract,
 * valibot and the page are the other ~8.5 kB. The headroom fits a spa-js minor release or a few more
 * contract fields, and fails the build before a careless import (a date library, all of jose) adds
 * a third to what every visitor downloads.
 */
export const SPA_GZIP_BUDGET = 80_000;

export interface BuiltSpa {
  readonly dir: string;
  readonly scriptBytes: number;
  readonly scriptGzipBytes: number;
  readonly budget: number;
}

export class SpaBudgetError extends ToolkitError<'E_BUNDLE_TOO_LARGE'> {
  override readonly name = 'SpaBudgetError';
  constructor(gzipBytes: number, budget: number) {
    super(
      'E_BUNDLE_TOO_LARGE',
      `examples/spa/dist/app.js is ${gzipBytes} bytes gzipped, over its budget of ${budget}; ` +
        'find the import that grew it (esbuild --analyze) or raise SPA_GZIP_BUDGET in examples/spa/build.ts with the reason',
    );
  }
}

/**
 * Bundles the sample app for browsers (ES2022, one minified ES module) with its page and stylesheet
 * into `outDir`, and refuses a script over the gzip budget.
 */
export const buildSpa = async (
  outDir: string = SPA_DIST_DIR,
  budget: number = SPA_GZIP_BUDGET,
): Promise<BuiltSpa> => {
  const result = await build({
    entryPoints: [path.join(SPA_DIR, 'src', 'main.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const script = result.outputFiles[0]?.contents ?? new Uint8Array();
  const scriptGzipBytes = gzipSync(script, { level: 9 }).length;
  if (scriptGzipBytes > budget) throw new SpaBudgetError(scriptGzipBytes, budget);
  await mkdir(outDir, { recursive: true });
  await Promise.all([
    writeFile(path.join(outDir, 'app.js'), script),
    copyFile(path.join(SPA_DIR, 'index.html'), path.join(outDir, 'index.html')),
    copyFile(path.join(SPA_DIR, 'style.css'), path.join(outDir, 'style.css')),
  ]);
  return { dir: outDir, scriptBytes: script.length, scriptGzipBytes, budget };
};
