import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../../core/paths.ts';
import { ClaimsError } from '../errors.ts';
import type { ContractDocsSpec, ContractSpec } from '../index.ts';
import { claimsJsonSchema } from './claims-json-schema.ts';
import { claimsMarkdown, claimsTable } from './claims-markdown.ts';
import { claimsTypeScript } from './claims-types.ts';

export interface GeneratedFile {
  /** Relative to the repository root. */
  readonly file: string;
  readonly content: string;
}

/** Every file `npm run docs` writes, generated in memory from the contract. */
export const generateDocs = (contract: ContractSpec, docs: ContractDocsSpec): GeneratedFile[] => [
  { file: 'docs/claims.md', content: claimsMarkdown(contract, docs) },
  {
    file: 'docs/claims.schema.json',
    content: `${JSON.stringify(claimsJsonSchema(contract, docs), null, 2)}\n`,
  },
  { file: 'docs/claims.d.ts', content: claimsTypeScript(contract, docs) },
];

const TABLE_START = '<!-- claims-table:start -->';
const TABLE_END = '<!-- claims-table:end -->';

/** README.md with the claims table between its markers regenerated from the contract. */
export const readmeWithClaimsTable = async (
  contract: ContractSpec,
  docs: ContractDocsSpec,
  root = REPO_ROOT,
): Promise<GeneratedFile> => {
  const readme = await readFile(path.join(root, 'README.md'), 'utf8');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) {
    throw new ClaimsError(
      'E_STALE_GENERATED',
      `README.md has no ${TABLE_START} ... ${TABLE_END} markers; put them back where the claims table belongs`,
    );
  }
  const table = `${TABLE_START}\n\n${claimsTable(contract, docs)}\n${TABLE_END}`;
  return {
    file: 'README.md',
    content: readme.slice(0, start) + table + readme.slice(end + TABLE_END.length),
  };
};

/** Every file `npm run docs` writes: the generated docs and the README's claims table. */
export const generateAllDocs = async (
  contract: ContractSpec,
  docs: ContractDocsSpec,
  root = REPO_ROOT,
): Promise<GeneratedFile[]> => [
  ...generateDocs(contract, docs),
  await readmeWithClaimsTable(contract, docs, root),
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
