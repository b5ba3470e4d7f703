import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSpa, SPA_GZIP_BUDGET } from '../../examples/spa/build.ts';

describe('the sample SPA build', () => {
  it('writes the page, its script and stylesheet within the gzip budget, and refuses a script over it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'spa-build-'));
    try {
      const built = await buildSpa(dir);
      expect((await readdir(dir)).sort()).toEqual(['app.js', 'index.html', 'style.css']);
      expect(built.scriptGzipBytes).toBeLessThanOrEqual(SPA_GZIP_BUDGET);
      expect(built.scriptGzipBytes).toBeLessThan(built.scriptBytes / 2);
      await expect(buildSpa(path.join(dir, 'over'), built.scriptGzipBytes - 1)).rejects.toThrow(
        /^E_BUNDLE_TOO_LARGE: examples\/spa\/dist\/app.js is \d+ bytes gzipped, over its budget of \d+/,
      );
      await expect(readdir(path.join(dir, 'over'))).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
