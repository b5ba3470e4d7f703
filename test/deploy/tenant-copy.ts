import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TENANT_DIR } from '../../core/paths.ts';

/**
 * A private copy of tenant/ (YAML, mappings and built bundles) for a test to edit, so tests never
 * change the real files or race each other.
 */
export const copyTenant = async (): Promise<{
  dir: string;
  edit(file: string, change: (text: string) => string): Promise<void>;
}> => {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'tenant-')), 'tenant');
  await cp(TENANT_DIR, dir, { recursive: true });
  return {
    dir,
    edit: async (file, change) => {
      const target = path.join(dir, file);
      await writeFile(target, change(await readFile(target, 'utf8')));
    },
  };
};
