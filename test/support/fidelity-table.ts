import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

// The link between docs/emulator-fidelity.md and the tests. Convention: a test that pins one of
// Auth0's behaviours is titled "Auth0 <behaviour>" (anywhere under test/); the table names it in
// its Test column as `<file>` › <title>. Each such test needs a row, and each row's test must exist.

export const STATUSES = ['modelled', 'approximated', 'not modelled'] as const;
export type FidelityStatus = (typeof STATUSES)[number];

export interface FidelityRow {
  line: number;
  behaviour: string;
  source: string;
  /** `undefined` for a behaviour that is not modelled, which has no test. */
  test?: { file: string; title: string };
  status: string;
}

const TEST_CELL = /^`([^`]+\.test\.ts)` › (.+)$/;
const SOURCE_LINK = /\[[^\]]+\]\(https:\/\/[^)\s]+\)/;

/** The table's rows: every line that starts with `|`, minus the header and its rule. */
export const parseFidelityTable = (markdown: string): FidelityRow[] =>
  markdown.split('\n').flatMap((text, index) => {
    if (!text.startsWith('|') || /^\|\s*(Behaviour|-)/.test(text)) return [];
    const cells = text
      .slice(1, text.endsWith('|') ? -1 : undefined)
      .split(' | ')
      .map((cell) => cell.trim());
    const [behaviour = '', source = '', testCell = '', status = ''] = cells;
    const match = TEST_CELL.exec(testCell);
    const row: FidelityRow = { line: index + 1, behaviour, source, status };
    if (match?.[1] && match[2]) row.test = { file: match[1], title: match[2] };
    else if (testCell !== '—') row.test = { file: '', title: testCell };
    return [row];
  });

const TITLE = /\b(?:it|test)\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;

/** Every test title in a file's source, unescaped. */
export const testTitles = (source: string): string[] =>
  [...source.matchAll(TITLE)].map((match) => (match[2] ?? '').replace(/\\(.)/g, '$1'));

/** What is wrong with the table against the tests: one sentence per problem, none when it holds. */
export const fidelityProblems = (rows: FidelityRow[], titlesByFile: Map<string, string[]>): string[] => {
  const problems: string[] = [];
  const named = new Set<string>();
  for (const row of rows) {
    const at = `docs/emulator-fidelity.md:${row.line}`;
    if (!(STATUSES as readonly string[]).includes(row.status))
      problems.push(`${at}: status "${row.status}" is not one of ${STATUSES.join(', ')}`);
    if (!SOURCE_LINK.test(row.source)) problems.push(`${at}: the source needs a [title](https://...) link`);
    if (row.test === undefined) {
      if (row.status !== 'not modelled')
        problems.push(`${at}: a ${row.status} behaviour needs the test that pins it`);
      continue;
    }
    const { file, title } = row.test;
    if (!titlesByFile.get(file)?.includes(title)) {
      problems.push(`${at}: no test titled "${title}" in ${file || 'a `file` › title cell'}`);
    }
    named.add(`${file}\u0000${title}`);
  }
  for (const [file, titles] of titlesByFile) {
    for (const title of titles) {
      if (title.startsWith('Auth0 ') && !named.has(`${file}\u0000${title}`))
        problems.push(
          `${file}: "${title}" pins an Auth0 behaviour but has no row in docs/emulator-fidelity.md`,
        );
    }
  }
  return problems;
};

/** The titles of every test file under `dir`, by path relative to `root`. */
export const collectTestTitles = async (root: string, dir = 'test'): Promise<Map<string, string[]>> => {
  const titles = new Map<string, string[]>();
  const entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.test.ts')) continue;
    const file = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    titles.set(file, testTitles(await readFile(path.join(root, file), 'utf8')));
  }
  return titles;
};
