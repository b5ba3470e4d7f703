import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';

/**
 * A private copy of a fixture tenant (YAML, mappings and built bundles) for a test to edit, so tests
 * never change the fixture's files or race each other.
 */
export const copyTenant = async (
  from = CLAIMS_APP.dir,
): Promise<{
  dir: string;
  edit(file: string, change: (text: string) => string): Promise<void>;
}> => {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'tenant-')), 'tenant');
  await cp(from, dir, { recursive: true });
  return {
    dir,
    edit: async (file, change) => {
      const target = path.join(dir, file);
      await writeFile(target, change(await readFile(target, 'utf8')));
    },
  };
};
