import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ContractSpec } from '../../claims/index.ts';
import { REPO_ROOT } from '../build/build-actions.ts';
import { claimsJsonSchema } from './claims-json-schema.ts';
import { claimsMarkdown } from './claims-markdown.ts';
import { claimsTypeScript } from './claims-types.ts';

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly file: string;
  readonly content: string;
}

/** Every file `npm run docs` writes, generated in memory from the contract. */
export const generateDocs = (contract: ContractSpec): GeneratedFile[] => [
  { file: 'docs/claims.md', content: claimsMarkdown(contract) },
  { file: 'docs/claims.schema.json', content: `${JSON.stringify(claimsJsonSchema(contract), null, 2)}\n` },
  { file: 'docs/claims.d.ts', content: claimsTypeScript(contract) },
];

export const writeDocs = async (files: readonly GeneratedFile[], root = REPO_ROOT): Promise<void> => {
  for (const { file, content } of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
};

/** The generated files whose committed copy differs from what the contract generates now. */
export const staleDocs = async (files: readonly GeneratedFile[], root = REPO_ROOT): Promise<string[]> => {
  const stale: string[] = [];
  for (const { file, content } of files) {
    const committed = await readFile(path.join(root, file), 'utf8').catch(() => undefined);
    if (committed !== content) stale.push(file);
  }
  return stale;
};
